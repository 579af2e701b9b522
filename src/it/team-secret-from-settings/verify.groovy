// A secret read from settings.xml (<secret>HF_TOKEN=settings:hf</secret>) reaches the job as --secret HF_TOKEN, its
// value only in sky's environment; the job's careless print of it is masked; it is nowhere in the log (-X), the argv
// or target/.
import groovy.json.JsonSlurper
import java.security.MessageDigest

def secret = 'hf_SettingsSecretValue-4711'
def sha = MessageDigest.getInstance('SHA-256').digest(secret.getBytes('UTF-8')).encodeHex().toString()
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('HF_TOKEN sha256=' + sha) : 'the secret must reach the job'
assert log.contains('careless print: ****')
assert !log.contains(secret) : 'secret in build.log (including -X output)'
def calls = new File(basedir, '.fake-sky/calls.log').readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
assert calls.size() == 1 && calls[0].argv[0] == 'exec' : 'no team server: no pre-flight ' + calls*.argv
def argv = calls[0].argv
assert argv[argv.indexOf('--secret') + 1] == 'HF_TOKEN'
assert !new File(basedir, '.fake-sky/calls.log').getText('UTF-8').contains(secret) : 'secret in the argv of sky'
def env = new JsonSlurper().parseText(new File(basedir, '.fake-sky/team-env.log').readLines()[0])
assert env.secrets_sha256 == [HF_TOKEN: sha] : 'the value was in the environment of sky exec'
new File(basedir, 'target').eachFileRecurse { f ->
    if (f.isFile()) {
        assert !f.getText('ISO-8859-1').contains(secret) : "secret in ${f}"
    }
}
true
