def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("Script 'src/nope.py' does not exist")
assert log.contains('Check -Dscript')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
