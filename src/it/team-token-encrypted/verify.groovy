// The token is encrypted in settings.xml with the master password of settings-security.xml (Maven's deploy
// credentials scheme): the plugin decrypts it and hands it to sky only through its environment. A wrong master
// password fails before any sky process, saying how to fix it, without showing the stored value.
import groovy.json.JsonSlurper
import java.security.MessageDigest

def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def token = 'sky_encryptedTokenFromSettings-0002'
def encrypted = '{tgSeslpLxXUHzCk/Xbs9+0LBWFGnEeheXSKci9alPLuEhMh9t4HdIdY7B9JgSF/R+X2qHgciOOKkHMdgmLPzyw==}'
def servers = "<servers><server><id>skypilot-ci</id><password>${encrypted}</password></server></servers>"
def security = new File(basedir, 'settings-security.xml').path

// A system property of Maven's JVM: Maven 3 also takes it as -D on the command line, Maven 4 only from the JVM.
def jvm = { String file -> [MAVEN_OPTS: "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dsettings.security=${file}".toString()] }
def p = nested.start(basedir, ['-X', 'remote:exec'], jvm(security), servers)
assert nested.finish(p, 150) == 0 : new File(basedir, 'nested.log').getText('UTF-8')
def log = new File(basedir, 'nested.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains("(token: settings.xml server 'skypilot-ci').")
def sha = MessageDigest.getInstance('SHA-256').digest(token.getBytes('UTF-8')).encodeHex().toString()
def env = new File(basedir, '.fake-sky/team-env.log').readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }
assert env*.argv*.getAt(0) == ['api', 'exec']
env.each { assert it.token_sha256 == sha : 'the decrypted token reached sky' }
assert !log.contains(token) : 'token in the log (-X included)'
assert !new File(basedir, '.fake-sky/calls.log').getText('UTF-8').contains(token) : 'token in the argv of sky'
new File(basedir, 'target').eachFileRecurse { f ->
    if (f.isFile()) {
        assert !f.getText('ISO-8859-1').contains(token) : "token in ${f}"
    }
}

// Without the master password's file the password cannot be decrypted: no sky process, a fix.
def calls = new File(basedir, '.fake-sky/calls.log').readLines().size()
def missing = new File(basedir, 'no-such-settings-security.xml').path
p = nested.start(basedir, ['remote:exec'], jvm(missing), servers)
assert nested.finish(p, 150) != 0
log = new File(basedir, 'nested.log').getText('UTF-8')
if ((itMavenVersion as String).startsWith('4.')) {
    // Maven 4 decrypts settings.xml itself, at start-up, and stops there.
    assert log.contains('Could not decrypt password') : log
} else {
    assert log.contains("Cannot decrypt the <password> of settings.xml server 'skypilot-ci'") : log
    assert log.contains('mvn --encrypt-password')
}
assert !log.contains(token)
assert new File(basedir, '.fake-sky/calls.log').readLines().size() == calls : 'no sky process after a decryption failure'
true
