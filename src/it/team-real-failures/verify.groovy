// The team pre-flight against the REAL client and server: each common failure is told as what it is, before the
// goal's first real command, with the exact text the real client printed and what to do. No local API server is
// started in the place of an unreachable one.
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def real = evaluate(new File(basedir, '../../../src/it/_lib/real-api-server.groovy'))
def state = real.ready()
def tag = basedir.name
def home = new File(basedir.parentFile, basedir.name + '-home')
def env = real.clientEnv(home)
def token = state.token as String

def run = { String name, String url, String password ->
    def p = nested.start(basedir, ['remote:exec', "-Dremote.apiServer=${url}".toString()], env,
            real.servers('skypilot', password))
    assert nested.finish(p, 600) != 0
    def log = new File(basedir, 'nested.log').getText('UTF-8')
    new File(basedir, "nested-${name}.log").text = log
    assert !log.contains(token)
    assert !log.contains('Running train.py') : 'the job must not be tried after a failed pre-flight'
    log
}

// 401: a token the server did not sign (the real one with its signature cut short)
def url = "${state.proxy_url}/pass/${tag}".toString()
def refused = token.substring(0, token.length() - 4) + 'AAAA'
def log = run('401', url, refused)
assert log.contains("The SkyPilot API server ${url} refused the credentials (401):"
        + " sky.exceptions.ApiServerAuthenticationError: Authentication required for SkyPilot API server at ${url}."
        + " The service-account token (settings.xml server 'skypilot') is missing, wrong, expired or revoked.") : log
assert log.contains('Create a new token (SkyPilot dashboard: Users > Service Accounts')
assert real.requests(tag).findAll { it.auth == real.bearer(refused) }*.status.every { it == 401 }

// A server older than the client supports (the proxy makes the real server's answers claim 0.10.0)
def old = "${state.proxy_url}/old-server/${tag}".toString()
log = run('version', old, token)
assert log.contains("The sky client (0.14.1) and the SkyPilot API server ${old} (0.10.0) are not compatible:"
        + " sky.exceptions.APIVersionMismatchError: Your SkyPilot API server version is too old: 0.10.0.") : log
assert log.contains('Pin the client to the server\'s version, as SkyPilot\'s upgrade notes advise: pip install -U'
        + ' "skypilot==0.10.0"')

// Nothing listens there
def nowhere = state.unreachable_url as String
log = run('unreachable', nowhere, token)
assert log.contains("The SkyPilot API server ${nowhere} (from remote.apiServer) cannot be reached:"
        + " sky.exceptions.ApiServerConnectionError: Could not connect to SkyPilot API server at ${nowhere}. Please"
        + " ensure that the server is running. Try: curl ${nowhere}/api/health. No local API server was started in"
        + " its place.") : log
assert log.contains("Check the URL and that the server runs: curl ${nowhere}/api/health")
assert !new File(home, '.sky/api_server/server.log').exists() : 'a local API server was started'
true
