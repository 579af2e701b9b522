// The name file is a named pipe that nobody writes to: opening it to read would block forever.
def fifo = new File(basedir, '.cluster_name_gpu')
fifo.delete()
def mkfifo = new ProcessBuilder('mkfifo', fifo.path).inheritIO().start()
assert mkfifo.waitFor() == 0 : 'mkfifo failed'
return true
