// The REAL sky client against the REAL SkyPilot API server (through the recording proxy), pointed at it with
// apiServer: (a) the endpoint is used and no local server is started in its place; (b) the token from settings.xml
// reaches the server as the client sends it (Authorization: Bearer, recorded as its SHA-256); (c) what needs no cloud
// behaves as the fake says: exec and pytest on a cluster that does not exist, down of it, a launch that reaches no
// cloud.
def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
def real = evaluate(new File(basedir, '../../../src/it/_lib/real-api-server.groovy'))
def state = real.ready()
def tag = basedir.name
def url = "${state.proxy_url}/pass/${tag}".toString()
def home = new File(basedir.parentFile, basedir.name + '-home')
def env = real.clientEnv(home)
def servers = real.servers('skypilot', state.token as String)
// With a remote API server the client zips the workdir, listing it with `git ls-files --exclude-standard`, which
// fails ("directory entry not superset of prefix") in a directory git ignores, as target/it/ of this repository
// is. A project is the top of its own repository, so make this one so.
assert ['git', 'init', '-q', basedir.path].execute().waitFor() == 0

// exec and pytest fail (recorded, remote.deferFailure), down removes the name file, verify fails the build.
def p = nested.start(basedir, ['-X', 'remote:exec', 'remote:pytest', 'remote:down', 'remote:verify',
                               '-Dremote.deferFailure', "-Dremote.apiServer=${url}".toString()], env, servers)
assert nested.finish(p, 600) != 0
def log = new File(basedir, 'nested.log').getText('UTF-8')
new File(basedir, 'nested-1.log').text = log
assert log.contains("SkyPilot API server ${url}: version 0.14.1, user ${state.token_user} (token: settings.xml server"
        + " 'skypilot').")
assert log.count('Cluster gpu-gone-00001 (from .cluster_name_gpu) no longer exists') >= 2 : 'exec and pytest'
assert log.contains('ClusterDoesNotExist')
assert log.contains('Cluster gpu-gone-00001 is gone; removed')
assert !new File(basedir, '.cluster_name_gpu').exists()
assert !log.contains(state.token as String) : 'token in the log (-X)'

// A launch the real server cannot take to any cloud (no network here): the catalog fetch fails.
p = nested.start(basedir, ['remote:provision', '-Daccelerator=H100:1', "-Dremote.apiServer=${url}".toString()], env,
        servers)
assert nested.finish(p, 600) != 0
log = new File(basedir, 'nested.log').getText('UTF-8')
assert log.contains('sky.exceptions.CloudError') : log
assert log ==~ /(?s).*Launching gpu-team-real-server-\S+-\d{5} failed: .*No name file was written.*/ : 'per-job name'
assert !new File(basedir, '.cluster_name_gpu').exists()

// (a) every request of these builds went to the proxy, and no local API server was started by the client
def seen = real.requests(tag)
assert seen.size() >= 8 : seen
assert seen*.path.any { it.startsWith('/api/health') }
assert seen*.path.any { it.startsWith('/exec') || it.startsWith('/upload') }
assert !new File(home, '.sky/api_server/server.log').exists() : 'a local API server was started'
// (b) the token of settings.xml on every request, as the client sends it
seen.each { assert it.auth == real.bearer(state.token as String) : it }
new File(basedir, 'target').eachFileRecurse { f ->
    if (f.isFile()) {
        assert !f.getText('ISO-8859-1').contains(state.token as String) : "token in ${f}"
    }
}
true
