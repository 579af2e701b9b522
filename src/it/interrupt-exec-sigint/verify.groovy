// Ctrl+C in a terminal: SIGINT to the whole foreground process group, Maven and sky alike.
def checks = evaluate(new File(basedir, '../../../src/it/_lib/checks.groovy'))
checks.interruptedExecIsCancelled(basedir, 'INT', true)
