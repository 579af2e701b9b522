// target/ is ignored by .gitignore; a 280 MB virtualenv is not. Both sparse. The .gitignore is written here: the
// invoker leaves SCM files such as .gitignore out when it copies an IT project.
new File(basedir, '.gitignore').text = 'target/\n*.pyc\n'
[['target/app.bin', 300L], ['.venv/lib/libtorch.so', 280L]].each { path, mb ->
    def f = new File(basedir, path)
    f.parentFile.mkdirs()
    new RandomAccessFile(f, 'rw').withCloseable { it.setLength(mb * 1024 * 1024) }
}
return true
