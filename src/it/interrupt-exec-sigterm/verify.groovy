// A Jenkins abort: SIGTERM to the Maven JVM.
def checks = evaluate(new File(basedir, '../../../src/it/_lib/checks.groovy'))
checks.interruptedExecIsCancelled(basedir, 'TERM', false)
