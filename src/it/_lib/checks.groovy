// Checks shared by several ITs. Use: def checks = evaluate(new File(basedir, '../../../src/it/_lib/checks.groovy'))
import groovy.json.JsonSlurper

def libDir = new File(basedir, '../../../src/it/_lib').canonicalFile

/** The hanging fake recorded its own pid and its child's (hang.pids): both must be gone. */
def hangingSkyIsGone = { File dir ->
    def pids = new File(dir, '.fake-sky/hang.pids').readLines().findAll { it.trim() }.collect { it.trim() as long }
    assert pids.size() >= 2
    Thread.sleep(500)
    pids.each { pid ->
        def alive = ProcessHandle.of(pid).map { it.isAlive() }.orElse(false)
        assert !alive : "process ${pid} of the timed-out sky is still alive"
    }
    true
}

/**
 * The fake's local API server (started by the first sky call, in its own session, as SkyPilot's is) was started by
 * the given sky client, hence was its descendant when the plugin killed that client, and is still alive, never
 * restarted. Then it is stopped, so the IT leaks nothing.
 */
def apiServerSurvived = { File dir, long clientPid ->
    def record = new File(dir, '.fake-sky/api_server/server.json')
    assert record.isFile() : 'the first sky call started the fake API server'
    def server = new JsonSlurper().parse(record)
    try {
        assert server.started_by == clientPid : "the killed sky ${clientPid} started the API server (${server})"
        assert server.pid && ProcessHandle.of(server.pid as long).map { it.isAlive() }.orElse(false) :
                "SkyPilot's API server ${server.pid}, in its own session, was killed with the sky client that started it"
        assert server.starts == 1 : "the API server was started again: ${server}"
    } finally {
        if (server.pid) {
            ProcessHandle.of(server.pid as long).ifPresent { it.destroyForcibly() }
        }
    }
    true
}

/**
 * Starts `remote:exec` of long_job.py in a nested Maven, signals it once the job streams, and checks that the
 * local sky was killed and the detached remote job really cancelled.
 */
def interruptedExecIsCancelled = { File dir, String signal, boolean group ->
    def nested = evaluate(new File(libDir, 'nested-maven.groovy'))
    // The fake API server must outlive the build for the check below: it would stop after 10 idle seconds.
    def p = nested.start(dir, ['remote:exec', '-Ddevice=gpu', '-Dscript=long_job.py'],
            ['FAKE_SKY_API_SERVER_IDLE_SECONDS': '300'])
    nested.waitFor(dir, 'tick 5', 60)
    nested.signal(p, signal, group)
    int exit = nested.finish(p, 60)
    def log = new File(dir, 'nested.log').getText('UTF-8')
    assert exit != 0 : 'an interrupted build exits non-zero'
    assert log.contains('Build interrupted: the remote job was cancelled')
    def calls = nested.calls(dir)
    def exec = calls.find { it.argv[0] == 'exec' }
    assert calls.find { it.argv == ['cancel', '--yes', 'gpu-demo-12345', '1'] } : "sky cancel -y <cluster> <jobId> ran: ${calls*.argv}"
    assert !nested.alive(exec.pid as long) : 'the local sky exec process was killed'
    def job = new JsonSlurper().parse(new File(dir, '.fake-sky/jobs/gpu-demo-12345/1/job.json'))
    assert job.status == 'CANCELLED' : "the remote job really stopped: ${job.status}"
    Thread.sleep(300)
    assert !nested.alive(job.pid as long) : 'the detached job process is gone'
    assert !new File(dir, '.fake-sky/jobs/gpu-demo-12345/1/run.log').getText('UTF-8').contains('the job was not cancelled')
    // The exec killed here started the API server; the cancel after it found the server alive.
    apiServerSurvived(dir, exec.pid as long)
    true
}

[hangingSkyIsGone: hangingSkyIsGone, interruptedExecIsCancelled: interruptedExecIsCancelled,
 apiServerSurvived: apiServerSurvived]
