// What a job prints reaches the build log as Maven's logger prints an info line, on Maven 3.9 and 4 alike.
def secret = 'hf_0utputC0ntractS3cret-815'
def text = new File(basedir, 'build.log').getText('UTF-8')
def lines = text.readLines()
assert lines.contains('[INFO] BUILD SUCCESS')
assert !text.contains(secret) : 'the secret reached the build log'
assert !text.contains('\u001b') : 'escape codes in a batch build log'
assert !text.contains('[stdout]') : 'a double prefix (Maven 4 routes a plugin\'s System.out through its logger)'

def job = lines.findAll { it.contains('(sky-cmd, pid=') }
def shape = ~/\[INFO\] \(sky-cmd, pid=\d+\) .*/
assert job.every { it ==~ shape } : 'not an [INFO] line: ' + job.find { !(it ==~ shape) }
assert job.any { it ==~ /\[INFO\] \(sky-cmd, pid=\d+\) green words and bold/ }
assert job.any { it ==~ /\[INFO\] \(sky-cmd, pid=\d+\) careless print: \*\*\*\*/ }
def numbers = job.findAll { it =~ / line \d{4} x{80}$/ }.collect { (it =~ / line (\d{4}) /)[0][1] as int }
assert numbers == (0..<2000).toList() : 'every line once, in order'
def halfway = lines.findIndexOf { it ==~ /\[INFO\] \(sky-cmd, pid=\d+\) halfway: caf\u00e9 \u2713/ }
assert halfway > 0 : 'the non-ASCII line is missing or changed'
assert lines[halfway - 1].contains(' line 0999 ') && lines[halfway + 1].contains(' line 1000 ')
assert job.any { it ==~ /\[INFO\] \(sky-cmd, pid=\d+\) alone line on the console while the job ran: yes .*/ } :
        'the line printed alone waited in a buffer: ' + job.find { it.contains('alone line on the console') }

// Maven's own lines come before and after the job's, not inside them.
def running = lines.findIndexOf { it.startsWith('[INFO] Running talk.py on gpu-demo-12345') }
assert 0 <= running && running < lines.indexOf(job.first())
assert lines.indexOf(job.last()) < lines.indexOf('[INFO] BUILD SUCCESS')

// The log file has the same lines, plain and masked.
def jobLog = new File(basedir, 'target/remote/exec-default-cli.log').getText('UTF-8')
assert jobLog.readLines().count { it =~ /\(sky-cmd, pid=\d+\) line \d{4} x{80}$/ } == 2000
assert jobLog.contains('green words and bold') && jobLog.contains('careless print: ****')
assert !jobLog.contains(secret) && !jobLog.contains('\u001b')
true
