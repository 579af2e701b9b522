def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('Managed job 1 got no resources (FAILED_NO_RESOURCE): no cloud could provide H100:8, spot, on gcp')
// SkyPilot prints the failure reason only for a job that ended before `sky jobs logs` looked at it
// (stream_logs_by_id): when the build follows it from its start, the reason is in the controller's log.
assert !log.contains('Failure reason: ') || log.contains('no H100 spot capacity in gcp')
assert log.contains('Ask for another accelerator (-Daccelerator) or infra (-Dremote.infra), or allow on-demand'
        + ' instances (-Dremote.useSpot=false)')
assert log.contains('What SkyPilot tried: sky jobs logs --controller 1')
assert !log.contains('managed training')
