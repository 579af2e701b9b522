import groovy.json.JsonSlurper

// sky said SUCCEEDED (exit 0) for a script that exited 3: the exit status the job printed itself wins.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('about to fail')
assert log.contains('Job finished (status: SUCCEEDED).') : 'the fake lied, as SkyPilot #8928 does'
assert !log.contains('failed with return code list')
assert log.contains('Remote job 1 on gpu-demo-12345 failed: fail.py exited with code 3 (sky reported the job as'
        + ' SUCCEEDED; the code is the one the job printed itself).')
assert log.contains('Re-attach: sky logs gpu-demo-12345 1')
def job = new JsonSlurper().parse(new File(basedir, '.fake-sky/jobs/gpu-demo-12345/1/job.json'))
assert job.status == 'SUCCEEDED' && job.returncode == 3

// The exit frame is taken out of what is shown and logged.
def epilogue = evaluate(new File(basedir, '../../../src/it/_lib/epilogue.groovy'))
epilogue.noFrameShown(log)
epilogue.noFrameShown(new File(basedir, 'target/remote/exec-default-cli.log').getText('UTF-8'))
true
