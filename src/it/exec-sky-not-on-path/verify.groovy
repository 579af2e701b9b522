def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("The SkyPilot CLI 'sky' is not on the PATH.")
assert log.contains('pip install skypilot')
assert log.contains('-Dremote.sky=/path/to/sky')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
