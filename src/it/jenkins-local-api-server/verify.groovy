// Under Jenkins without a team server the plugin starts the local API server with `sky api start` and the build's
// markers neutralised, once per build: Jenkins' ProcessTreeKiller, which kills every process carrying the build's
// JENKINS_NODE_COOKIE/BUILD_ID when the build ends, leaves it alone. The killer is emulated here on /proc.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def notice = 'Jenkins without a team API server (JENKINS_URL is set, remote.apiServer is not): starting the local SkyPilot' +
        ' API server with `sky api start` and JENKINS_NODE_COOKIE/BUILD_ID=dontKillMe, so that it outlives this build'
assert log.count(notice) == 1 : 'said once per build'
def calls = new File(basedir, '.fake-sky/calls.log').readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it).argv }
assert calls.collect { it[0] } == ['api', 'exec', 'exec'] : calls
assert calls[0] == ['api', 'start']

def serverEnv = new File(basedir, '.fake-sky/api_server/server-env.json')
assert serverEnv.isFile() : 'the local API server recorded the environment it inherited'
def recorded = new JsonSlurper().parse(serverEnv)
try {
    assert recorded.environment == [JENKINS_URL: 'https://ci.example.com/', JENKINS_NODE_COOKIE: 'dontKillMe',
                                    BUILD_ID: 'dontKillMe'] : recorded
    // Jenkins' ProcessTreeKiller at the end of the build: every process whose environment holds the build's cookie.
    new File('/proc').eachFile { dir ->
        if (dir.name ==~ /\d+/) {
            try {
                def environ = new File(dir, 'environ').getText('ISO-8859-1')
                if (environ.split('\u0000').contains('JENKINS_NODE_COOKIE=it-build-cookie-4711')) {
                    ProcessHandle.of(dir.name as long).ifPresent { it.destroyForcibly() }
                }
            } catch (IOException ignored) {
                // gone, or not ours
            }
        }
    }
    Thread.sleep(300)
    assert ProcessHandle.of(recorded.pid as long).map { it.isAlive() }.orElse(false) :
            'the local API server was killed with the build\'s processes'
} finally {
    ProcessHandle.of(recorded.pid as long).ifPresent { it.destroyForcibly() }
}
true
