def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def a = new File(basedir, 'a')
def b = new File(basedir, 'b')
// Two checkouts' worth of processes, one project root: both use this directory's .cluster_name_gpu.
[a, b].each { it.mkdirs() }
def args = ['remote:provision', '-Ddevice=gpu', '-Daccelerator=H100:1', '-Dexperiment=race',
            "-Dremote.clusterNameFile=${new File(basedir, '.cluster_name_gpu')}".toString(),
            "-f", new File(basedir, 'pom.xml').path]
def env = [FAKE_SKY_LAUNCH_SECONDS: '2', FAKE_SKY_HOME: new File(basedir, '.fake-sky').path]
def p1 = nested.start(a, args, env)
def p2 = nested.start(b, args, env)
assert nested.finish(p1, 120) == 0 : new File(a, 'nested.log').text
assert nested.finish(p2, 120) == 0 : new File(b, 'nested.log').text
def calls = nested.calls(basedir)
assert calls.count { it.argv[0] == 'launch' } == 1 : "exactly one cluster is launched: ${calls*.argv}"
def name = new File(basedir, '.cluster_name_gpu').getText('UTF-8').trim()
assert name ==~ /gpu-race-\d{5}/
def logs = [new File(a, 'nested.log').getText('UTF-8'), new File(b, 'nested.log').getText('UTF-8')]
assert logs.count { it.contains("Reusing cluster ${name}") } == 1 : 'the second process finds the first one\'s cluster UP'
