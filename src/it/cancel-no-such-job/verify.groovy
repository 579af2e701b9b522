// A job that does not run is not a failure: nothing runs, as asked; the log says why nothing was done.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('[WARNING] Nothing was cancelled: job 9 on gpu-demo-12345 is not running (it ended, was cancelled, or does not exist); its jobs: sky queue gpu-demo-12345.')
