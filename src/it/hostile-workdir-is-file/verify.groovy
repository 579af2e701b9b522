def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('train.py is a file, not a directory.')
assert log.contains('-Dremote.workdir')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
