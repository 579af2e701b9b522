// The "one cluster per build" ITs (reactor-*): their job project, and checks of the fake's calls.log (every sky
// call, with its time) against what the jobs wrote to sync/events.log.
// Use: def reactor = evaluate(new File(basedir, '../../../src/it/_lib/reactor.groovy'))
import groovy.json.JsonSlurper

def libDir = new File(basedir, '../../../src/it/_lib').canonicalFile

/** Copies the job project (reactor-job/: job.py, pyproject.toml) to dir/job, the workdir every module syncs. */
def copyJob = { File dir ->
    def job = new File(dir, 'job')
    job.mkdirs()
    ['job.py', 'pyproject.toml'].each { new File(job, it).bytes = new File(libDir, "reactor-job/${it}").bytes }
    true
}

/** Every sky call: [argv: [...], pid: n, time: epoch seconds]. */
def calls = { File dir ->
    def f = new File(dir, '.fake-sky/calls.log')
    f.exists() ? f.readLines('UTF-8').findAll { it.trim() }.collect { new JsonSlurper().parseText(it) } : []
}

/** The jobs' lines: [kind: start|end, module: a, time: epoch seconds, rest: cwd or exit code]. */
def events = { File dir ->
    def f = new File(dir, 'sync/events.log')
    f.exists() ? f.readLines('UTF-8').findAll { it.trim() }.collect {
        def w = it.split(' ', 4)
        [kind: w[0], module: w[1], time: new BigDecimal(w[2]), rest: w.length > 3 ? w[3] : '']
    } : []
}

/** Exactly one `sky launch`; returns the cluster's name. */
def oneLaunch = { File dir ->
    def launches = calls(dir).findAll { it.argv[0] == 'launch' }
    assert launches.size() == 1 : "exactly one cluster is launched: ${calls(dir)*.argv}"
    def argv = launches[0].argv
    argv[argv.indexOf('--cluster') + 1]
}

/**
 * Each module's job ran on the cluster (its workdir was the cluster's ~/sky_workdir) and ended with the expected
 * exit code; `ran` lists modules whose job must have run, `exits` their codes (default 0).
 */
def jobsRanOn = { File dir, String name, List<String> ran, Map<String, Integer> exits = [:] ->
    def execs = calls(dir).findAll { it.argv[0] == 'exec' }
    assert execs.size() == ran.size() : "one sky exec per module: ${execs*.argv}"
    assert execs.every { it.argv[1] == name } : "every job on ${name}: ${execs*.argv}"
    def ev = events(dir)
    ran.each { m ->
        def start = ev.find { it.kind == 'start' && it.module == m }
        assert start : "the job of module ${m} started: ${ev}"
        assert start.rest.contains("/clusters/${name}/sky_workdir") : "module ${m} ran on ${name}: ${start.rest}"
        def end = ev.find { it.kind == 'end' && it.module == m }
        assert end : "the job of module ${m} ran to its end: ${ev}"
        assert end.rest == String.valueOf(exits.getOrDefault(m, 0)) : "module ${m}'s job exit code: ${end.rest}"
    }
    true
}

def nothingLeft = { File dir, String name ->
    assert !new File(dir, ".fake-sky/clusters/${name}.json").exists() : "cluster ${name} is gone"
    assert !new File(dir, '.cluster_name_gpu').exists() : 'the name file is removed'
    assert !new File(dir, '.cluster_name_gpu.leases').exists() : 'no lease is left'
    true
}

/** Exactly one `sky down`, of that cluster, after every job ended; the cluster, name file and leases are gone. */
def tornDownOnceAfterJobs = { File dir, String name ->
    def downs = calls(dir).findAll { it.argv[0] == 'down' }
    assert downs.size() == 1 : "exactly one teardown: ${calls(dir)*.argv}"
    assert downs[0].argv == ['down', '--yes', name]
    def lastEnd = events(dir).findAll { it.kind == 'end' }*.time.max()
    assert lastEnd != null
    assert downs[0].time > lastEnd : "sky down (${downs[0].time}) only after the last job ended (${lastEnd})"
    nothingLeft(dir, name)
}

[copyJob: copyJob, calls: calls, events: events, oneLaunch: oneLaunch, jobsRanOn: jobsRanOn,
 tornDownOnceAfterJobs: tornDownOnceAfterJobs, nothingLeft: nothingLeft]
