def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("(remote.sky) is not executable.")
assert log.contains('chmod +x')
assert !log.contains('Remote job') : 'sky failing is not the job failing'
assert !new File(basedir, '.fake-sky/calls.log').exists()
