def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('does not hold a cluster name: it holds several lines')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
