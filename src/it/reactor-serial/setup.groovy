evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy')).copyJob(basedir)
