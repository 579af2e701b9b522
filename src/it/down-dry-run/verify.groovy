def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Dry run (remote.dryRun), not running: sky down --yes gpu-demo-12345')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
assert new File(basedir, '.cluster_name_gpu').exists()
