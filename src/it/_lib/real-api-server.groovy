// The real SkyPilot API server of the build (src/build/real_api_server.py, started in process-test-resources):
// waits until it is ready, and runs nested builds with the REAL sky client against it.
// Use: def real = evaluate(new File(basedir, '../../../src/it/_lib/real-api-server.groovy'))
import groovy.json.JsonSlurper
import java.security.MessageDigest

def stateFile = new File(realApiServerDir as String, 'state.json')

/** The server's state once ready: proxy_url, unreachable_url, token (a real service-account token). */
def ready = { long seconds = 300 ->
    long deadline = System.currentTimeMillis() + seconds * 1000
    while (System.currentTimeMillis() < deadline) {
        def state = stateFile.isFile() ? new JsonSlurper().parse(stateFile) : null
        if (state?.status == 'ready') {
            return state
        }
        if (state?.status in ['failed', 'stopped']) {
            throw new AssertionError("the real API server is ${state.status}: ${state.reason ?: state.stopped_because}"
                    + " (see ${realApiServerDir})")
        }
        Thread.sleep(500)
    }
    throw new AssertionError("the real API server was not ready within ${seconds} s: ${stateFile} "
            + (stateFile.isFile() ? stateFile.text : 'missing; is -Dreal-api-server.skip set?'))
}

/** The environment of a build that uses the real client: its venv first on the PATH, a scratch HOME for it. */
def clientEnv = { File home ->
    home.mkdirs()
    [PATH: (realSkyBin as String) + File.pathSeparator + System.getenv('PATH'), HOME: home.path,
     SKYPILOT_DISABLE_USAGE_COLLECTION: '1']
}

/** What the proxy recorded for requests whose URL carried this tag. */
def requests = { String tag ->
    def f = new File(realApiServerDir as String, 'requests.jsonl')
    f.isFile() ? f.readLines().findAll { it.trim() }.collect { new JsonSlurper().parseText(it) }.findAll { it.tag == tag } : []
}

def bearer = { String token ->
    'bearer-sha256:' + MessageDigest.getInstance('SHA-256').digest(token.getBytes('UTF-8')).encodeHex().toString()
}

def servers = { String id, String password ->
    "<servers><server><id>${id}</id><password>${password}</password></server></servers>".toString()
}

[ready: ready, clientEnv: clientEnv, requests: requests, bearer: bearer, servers: servers]
