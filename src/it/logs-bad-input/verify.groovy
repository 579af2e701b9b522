def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains("'abc' (remote.jobId) is not a job id: SkyPilot numbers jobs 1, 2, 3...")
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'bad input fails before any sky process'
