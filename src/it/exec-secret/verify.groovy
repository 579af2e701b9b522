import java.security.MessageDigest

def secret = 'hf_Sup3rS3cretValue-4711'
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('RUN_NAME=nightly')
def sha = MessageDigest.getInstance('SHA-256').digest(secret.getBytes('UTF-8')).encodeHex().toString()
assert log.contains('HF_TOKEN sha256=' + sha) : 'the secret must reach the job'
assert log.contains('careless print: ****')
assert !log.contains(secret) : 'secret in build.log (including -X output)'
def calls = new File(basedir, '.fake-sky/calls.log').getText('UTF-8')
assert calls.contains('"--secret", "HF_TOKEN"') || calls.contains('"--secret","HF_TOKEN"')
assert !calls.contains(secret) : 'secret in the argv of sky'
new File(basedir, 'target').eachFileRecurse { f ->
    if (f.isFile()) {
        assert !f.getText('ISO-8859-1').contains(secret) : "secret in ${f}"
    }
}
true
