def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("Script '../train.py' is outside the workdir")
assert log.contains('only the workdir is synced to the cluster')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
