def log = new File(basedir, 'build.log').getText('UTF-8')
def message = "Secret PIN is only 3 character(s) long: a secret shorter than 4 characters cannot be masked safely in the job's output."
assert log.count(message) >= 3 : 'provision, exec and pytest each refused it'
['provision', 'exec', 'pytest'].each { goal -> assert log =~ /remote-maven-plugin:[^:]+:${goal} \(default-cli\)/ }
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process started'
true
