// Exit status as exec: the followed job failed with code 3, so the build fails, naming the code.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('about to fail')
assert log.contains('Remote job 1 on gpu-demo-12345 failed: fail.py exited with code 3.')
assert log.contains('Re-attach: sky logs gpu-demo-12345 1')
