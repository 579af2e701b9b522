def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains("'gpu/bad' (cluster) is not a valid SkyPilot cluster name.")
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'bad input fails before any sky process'
