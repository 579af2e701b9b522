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
 * Starts `remote:exec` of long_job.py in a nested Maven, signals it once the job streams, and checks that the
 * local sky was killed and the detached remote job really cancelled.
 */
def interruptedExecIsCancelled = { File dir, String signal, boolean group ->
    def nested = evaluate(new File(libDir, 'nested-maven.groovy'))
    def p = nested.start(dir, ['remote:exec', '-Ddevice=gpu', '-Dscript=long_job.py'])
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
    true
}

[hangingSkyIsGone: hangingSkyIsGone, interruptedExecIsCancelled: interruptedExecIsCancelled]
