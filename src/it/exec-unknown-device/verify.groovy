def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("Unknown device 'cpu'.")
assert log.contains('-Ddevice=gpu|tpu')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
