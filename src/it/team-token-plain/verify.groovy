// Team mode with a plain token in settings.xml: every sky process gets the endpoint and the token in its
// environment, none in its argv; the pre-flight ran first; no local API server was started; the token is nowhere
// in the build log (-X), the argv record or target/.
import groovy.json.JsonSlurper
import java.security.MessageDigest

def token = 'sky_plainTokenFromSettings-0001'
def sha = MessageDigest.getInstance('SHA-256').digest(token.getBytes('UTF-8')).encodeHex().toString()
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains("Team SkyPilot API server https://skypilot.team.example.com (from remote.apiServer); token:"
        + " settings.xml server 'skypilot'. No local API server is started.")
assert log.contains("SkyPilot API server https://skypilot.team.example.com: version 0.14.1, user ci-bot"
        + " (token: settings.xml server 'skypilot').")
assert log.contains('train.py done')

def calls = new File(basedir, '.fake-sky/calls.log').readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
assert calls*.argv.collect { it[0] } == ['api', 'exec'] : 'the pre-flight first, then the job: ' + calls*.argv
assert calls[0].argv == ['api', 'info', '--output', 'json']
def env = new File(basedir, '.fake-sky/team-env.log').readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
assert env.size() == calls.size()
env.each {
    assert it.endpoint == 'https://skypilot.team.example.com'
    assert it.token_sha256 == sha : 'the token reached sky through its environment'
    assert it.no_local_server == '1'
}
assert !new File(basedir, '.fake-sky/api_server/server.json').exists() : 'no local API server in the team server\'s place'

assert log.contains('SKYPILOT_SERVICE_ACCOUNT_TOKEN=****') : 'a token sky prints is masked'
assert !log.contains(token) : 'token in build.log (-X included)'
assert !new File(basedir, '.fake-sky/calls.log').getText('UTF-8').contains(token) : 'token in the argv of sky'
new File(basedir, 'target').eachFileRecurse { f ->
    if (f.isFile()) {
        assert !f.getText('ISO-8859-1').contains(token) : "token in ${f}"
    }
}
true
