def file = new File(basedir, 'maven-output.log')
assert file.isFile()
def lines = file.readLines('UTF-8')
def done = lines.findIndexOf { it ==~ /\[INFO\] \(sky-cmd, pid=\d+\) train.py done/ }
assert done >= 0 : 'the job line is not in the -l file'
def running = lines.findIndexOf { it.startsWith('[INFO] Running train.py on gpu-demo-12345') }
assert 0 <= running && running < done && done < lines.indexOf('[INFO] BUILD SUCCESS')
assert !new File(basedir, 'build.log').getText('UTF-8').contains('(sky-cmd, pid=') : 'a job line on the console'
assert !file.getText('UTF-8').contains('\u001b')
true
