def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('Both remote.jobId (3) and remote.all are set.')
assert log.contains('Cancel one job (-Dremote.jobId=<id>) or all of them (-Dremote.all), not both.')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'bad input fails before any sky process'
