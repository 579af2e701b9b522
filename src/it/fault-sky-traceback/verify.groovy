def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('sky exec failed (exit code 1): RuntimeError: boom')
assert log.contains('SKYPILOT_DEBUG=1')
// sky itself failed: a setup error (MojoExecutionException), never reported as the user's job failing.
assert !log.contains('Remote job')
assert log.contains('MojoExecutionException')
