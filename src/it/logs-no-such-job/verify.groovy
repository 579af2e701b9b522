def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('Remote job 7 on gpu-demo-12345 was not found on the cluster.')
assert log.contains('List the cluster\'s jobs: sky queue gpu-demo-12345')
