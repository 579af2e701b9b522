def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('sky exec was killed (signal 9) before it finished.')
assert log.contains('Run the goal again')
// sky itself failed: a setup error (MojoExecutionException), never reported as the user's job failing.
assert !log.contains('Remote job')
assert log.contains('MojoExecutionException')
