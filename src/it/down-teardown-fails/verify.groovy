def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('Cluster gpu-demo-12345 is still listed after sky down (status: UP)')
assert log.contains('-Dremote.purge')
assert new File(basedir, '.cluster_name_gpu').getText('UTF-8') == 'gpu-demo-12345\n' : 'the name file is kept'
