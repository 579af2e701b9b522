def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('The installed sky rejected the exec command we sent')
assert log.contains('needs SkyPilot 0.10.0 or newer')
// sky itself failed: a setup error (MojoExecutionException), never reported as the user's job failing.
assert !log.contains('Remote job')
assert log.contains('MojoExecutionException')
