import groovy.json.JsonSlurper
import java.security.MessageDigest

def secret = 'hf_Lifecycle-S3cret-0042'
def sha = MessageDigest.getInstance('SHA-256').digest(secret.getBytes('UTF-8')).encodeHex().toString()
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('exec HF_TOKEN sha256=' + sha) : 'the secret reaches the exec job'
assert log.contains('Tests run: 2, Failures: 1') : 'test_secret_arrives passed: the secret reached the pytest job'
assert log.contains('FAILED tests.test_secret.test_fails_with_the_secret_in_its_message')
assert !log.contains('FAILED tests.test_secret.test_secret_arrives')
assert log.contains('careless print: ****')
assert log.contains('Failed to execute goal') && log.contains(':verify (check)')
assert !log.contains(secret) : 'secret in build.log (-X output, job output or an error message)'
def calls = new File(basedir, '.fake-sky/calls.log').readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.collect { it[0] } == ['launch', 'status', 'exec', 'exec', 'down', 'status']
assert calls.findAll { it[0] in ['launch', 'exec'] }.every { argv -> argv.contains('--secret') && argv[argv.indexOf('--secret') + 1] == 'HF_TOKEN' }
assert !new File(basedir, '.fake-sky/calls.log').getText('UTF-8').contains(secret) : 'secret in the argv of sky'
int files = 0
new File(basedir, 'target').eachFileRecurse { f ->
    if (f.isFile()) {
        files++
        assert !f.getText('ISO-8859-1').contains(secret) : "secret in ${f}"
    }
}
assert files >= 4 : 'logs, task YAML, report and recorded failures were all checked'
