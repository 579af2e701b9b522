def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('The sky client and its API server have different versions')
assert log.contains('sky api stop && sky api start')
// sky itself failed: a setup error (MojoExecutionException), never reported as the user's job failing.
assert !log.contains('Remote job')
assert log.contains('MojoExecutionException')
