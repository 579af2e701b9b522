def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("Invalid accelerator 'H100:abc'")
assert log.contains('is not a positive number')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
