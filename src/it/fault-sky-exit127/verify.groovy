def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('sky exec could not run (exit code 127)')
assert log.contains('Reinstall the SkyPilot CLI')
// sky itself failed: a setup error (MojoExecutionException), never reported as the user's job failing.
assert !log.contains('Remote job')
assert log.contains('MojoExecutionException')
