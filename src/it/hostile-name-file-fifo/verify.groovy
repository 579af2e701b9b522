import java.nio.file.Files
import java.nio.file.LinkOption

def log = new File(basedir, 'build.log').getText('UTF-8')
def fifo = new File(basedir, '.cluster_name_gpu').canonicalFile
def message = "${fifo} is a named pipe (FIFO), not a regular file: it cannot hold a cluster name."
// provision (under the name file's lock), exec and down: each fails with the message and its fix
assert log.count(message) == 3 : "each goal names the FIFO:\n${log}"
assert log.count("Delete it (rm ${fifo}) and provision again: mvn remote:provision -Ddevice=gpu") == 3
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
int mode = Files.getAttribute(fifo.toPath(), 'unix:mode', LinkOption.NOFOLLOW_LINKS)
assert (mode & 0170000) == 0010000 : 'the FIFO is left alone'
