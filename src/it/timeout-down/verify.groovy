def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Tearing down gpu-demo-12345 was stopped before it finished.')
assert new File(basedir, '.cluster_name_gpu').exists() : 'the name file stays until the cluster is verified gone'
def checks = evaluate(new File(basedir, '../../../src/it/_lib/checks.groovy'))
checks.hangingSkyIsGone(basedir)
