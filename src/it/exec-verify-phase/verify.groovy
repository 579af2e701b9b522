def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('remote:0.1.0-SNAPSHOT:exec (benchmark)')
assert log.contains('arg[0]=<--steps>')
assert log.contains('arg[1]=<100>')
assert log.contains('arg[2]=<two words>')
assert log.contains('arg[3]=<>') : 'an empty <arg></arg> is an empty argument'
assert new File(basedir, 'target/remote/exec-benchmark.log').isFile()
