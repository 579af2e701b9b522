def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('is a TPU, but the device is gpu')
assert log.contains('-Ddevice=tpu')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
