// The dry run shows the pre-flight it would make and the job's command, runs nothing, and shows no token.
def token = 'sky_plainTokenFromSettings-0001'
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Dry run (remote.dryRun), not running: sky api info --output json')
assert log.contains('Dry run (remote.dryRun), not running: sky exec gpu-demo-12345 --workdir ')
assert log.contains("token: settings.xml server 'skypilot'")
assert !log.contains(token) : 'token in the dry run or the -X output'
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'a dry run starts no sky process'
true
