def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('[INFO] Tests are skipped (maven.test.skip).')
assert !log.contains('Running pytest')
assert !log.contains('Tests run:')
// No sky process at all, and nothing written under target/.
assert !new File(basedir, '.fake-sky/calls.log').exists()
assert !new File(basedir, 'target/remote-reports').exists()
assert !new File(basedir, 'target/remote/pytest-default-cli.log').exists()
true
