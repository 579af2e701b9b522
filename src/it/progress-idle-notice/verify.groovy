// While sky prints nothing, the build says what it waits for, once per interval, in plain text.
def lines = new File(basedir, 'build.log').readLines('UTF-8')
assert lines.contains('[INFO] BUILD SUCCESS')
def notices = lines.findAll { it.contains('Still waiting for') }
def before = ~/\[INFO\] Still waiting for sky exec on gpu-demo-12345 \(syncing the workdir and submitting the job\): nothing printed for \d+ s, \d+ s since it started\./
def during = ~/\[INFO\] Still waiting for job 1 on gpu-demo-12345 \(queued for resources, or running without printing\): nothing printed for \d+ s, \d+ s since it started\./
// (a slow machine may also see the submission itself quiet for a second)
assert notices.every { it ==~ before || it ==~ during } : notices.join('\n')
assert !notices.any { it.contains('\u001b') || it.contains('\r') } : 'no colour, no spinner'
// the job's 3 s of silence are reported once the job id is known, between the job's two lines
def started = lines.findIndexOf { it.contains('training started') }
def done = lines.findIndexOf { it.contains('training done') }
def jobNotices = (0..<lines.size()).findAll { lines[it] ==~ during }
assert jobNotices : "no notice while the job was silent:\n${notices.join('\n')}"
assert jobNotices.every { started < it && it < done }
// what sky printed is logged to the file; the notices are the plugin's, not sky's
assert !new File(basedir, 'target/remote/exec-default-cli.log').getText('UTF-8').contains('Still waiting')
