// A 300 MB build output in target/ and no ignore file: sparse, so it costs no disk here.
def big = new File(basedir, 'target/app.bin')
big.parentFile.mkdirs()
new RandomAccessFile(big, 'rw').withCloseable { it.setLength(300L * 1024 * 1024) }
new File(basedir, 'target/classes').mkdirs()
new File(basedir, 'target/classes/App.class').bytes = new byte[2048]
return true
