def text = new File(basedir, 'build.log').getText('UTF-8')
assert !text.contains('(sky-cmd, pid=') : 'a job line on the console despite -q'
assert !text.contains('[INFO]')
assert !text.contains('ERROR')
def jobLog = new File(basedir, 'target/remote/exec-default-cli.log').getText('UTF-8')
assert jobLog =~ /\(sky-cmd, pid=\d+\) train.py done/
true
