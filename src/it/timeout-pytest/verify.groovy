def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('(pytest tests) did not finish within the timeout (remote.timeout)')
def checks = evaluate(new File(basedir, '../../../src/it/_lib/checks.groovy'))
checks.hangingSkyIsGone(basedir)
// Maven's own clock: the build ended well before the hang would have (timeout 4 s + kill grace).
def m = (log =~ /Total time:\s+([0-9.]+) s/)
assert m.find() && (m.group(1) as double) < 12.0 : 'the build must fail within timeout + 10 s'
