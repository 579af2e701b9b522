import groovy.json.JsonSlurper
def checks = evaluate(new File(basedir, '../../../src/it/_lib/checks.groovy'))
def log = new File(basedir, 'build.log').getText('UTF-8')
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
def name = calls[0][3]
assert name ==~ /gpu-slowstatus-\d{5}/
assert calls[0][0] == 'launch' && calls[1][0] == 'status' : "${calls}"
assert calls.contains(['down', '--yes', name]) : "sky down ran: ${calls}"
assert calls.last()[0] == 'status' : "the teardown was checked: ${calls}"
assert log.contains("Build timed out after")
assert log.contains("Cluster ${name} was launched, but its autostop/autodown could not be confirmed: sky status ${name} did not finish within remote.timeout (10 s for the whole goal)")
assert log.contains("It was torn down (sky down -y ${name}) and no name file was kept.")
assert checks.hangingSkyIsGone(basedir)
assert !new File(basedir, '.cluster_name_gpu').exists()
assert !new File(basedir, ".fake-sky/clusters/${name}.json").exists() : 'nothing is left billing'
