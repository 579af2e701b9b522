def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Nothing to tear down: .cluster_name_gpu does not exist in')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
