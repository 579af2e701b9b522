def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def p = nested.start(basedir, ['remote:provision', '-Ddevice=gpu', '-Daccelerator=H100:1', '-Dexperiment=abort'],
        [FAKE_SKY_LAUNCH_SECONDS: '60'])
nested.waitFor(basedir, 'Running on cluster:', 60)
nested.signal(p, 'TERM')
int exit = nested.finish(p, 60)
def log = new File(basedir, 'nested.log').getText('UTF-8')
assert exit != 0
assert log.contains('Build interrupted: the cluster was torn down')
def calls = nested.calls(basedir)
def name = calls[0].argv[3]
assert name ==~ /gpu-abort-\d{5}/
assert calls*.argv.contains(['down', '--yes', name]) : "sky down -y <name> ran: ${calls*.argv}"
assert !new File(basedir, '.cluster_name_gpu').exists() : 'no name file left'
assert !new File(basedir, ".fake-sky/clusters/${name}.json").exists() : 'the cluster being launched is gone'
