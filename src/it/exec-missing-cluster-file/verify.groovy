def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("No cluster for device 'gpu': .cluster_name_gpu does not exist in ${basedir.canonicalPath}")
assert log.contains('mvn remote:provision -Ddevice=gpu -Daccelerator=H100:1')
assert log.contains('-Dcluster=<name>')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
