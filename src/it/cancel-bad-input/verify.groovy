def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('Both jobId (3) and all are set.')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'bad input fails before any sky process'
