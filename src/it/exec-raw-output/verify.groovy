def lines = new File(basedir, 'build.log').readLines('UTF-8')
assert lines.contains('[INFO] BUILD SUCCESS')
if ((itMavenVersion as String).startsWith('4.')) {
    // Maven 4 sends a plugin's System.out through its logger ("[INFO] [stdout] " and sky's colour codes kept):
    // raw output is off there, with a note, and the job's lines are logged as in the default mode.
    assert lines.any { it.startsWith('[INFO] remote.rawOutput is off on Maven 4 (4.') }
    assert lines.any { it ==~ /\[INFO\] \(sky-cmd, pid=\d+\) arg\[0\]=<raw>/ }
    assert !lines.any { it.contains('[stdout]') }
    assert !lines.any { it.contains('\u001b') } : 'no colour codes in a batch build'
} else {
    // The job's lines reach the console as sky prints them, without Maven's [INFO] prefix (as exec:exec does)...
    assert lines.any { it ==~ /\(sky-cmd, pid=\d+\) arg\[0\]=<raw>/ }
    assert !lines.any { it.startsWith('[INFO] (sky-cmd') }
}
// ...and are still parsed and kept in the log file.
def jobLog = new File(basedir, 'target/remote/exec-default-cli.log').getText('UTF-8')
assert jobLog.contains('Job submitted, ID: 1')
assert jobLog =~ /\(sky-cmd, pid=\d+\) train.py done/
