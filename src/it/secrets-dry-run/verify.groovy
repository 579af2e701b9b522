def secret = 'hf_DryRun-S3cret-0042'
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log =~ /not running: sky launch \S+ --cluster gpu-secrets-dry-run-\d{5} --yes --idle-minutes-to-autostop 30 --down --secret HF_TOKEN/
assert log.contains('not running: sky exec gpu-demo-12345 --workdir ')
assert log.contains('--secret HF_TOKEN -- ')
assert !log.contains(secret) : 'secret in build.log'
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'a dry run starts no sky process'
def target = new File(basedir, 'target')
if (target.exists()) {
    target.eachFileRecurse { f -> if (f.isFile()) assert !f.getText('ISO-8859-1').contains(secret) : "secret in ${f}" }
}
true
