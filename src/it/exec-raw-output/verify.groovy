def lines = new File(basedir, 'build.log').readLines('UTF-8')
assert lines.contains('[INFO] BUILD SUCCESS')
// The job's lines reach the console as sky prints them, without Maven's [INFO] prefix (as exec:exec does)...
assert lines.any { it ==~ /\(sky-cmd, pid=\d+\) arg\[0\]=<raw>/ }
assert !lines.any { it.startsWith('[INFO] (sky-cmd') }
// ...and are still parsed and kept in the log file.
def jobLog = new File(basedir, 'target/remote/exec-default-cli.log').getText('UTF-8')
assert jobLog.contains('Job submitted, ID: 1')
assert jobLog =~ /\(sky-cmd, pid=\d+\) train.py done/
