// A serverId given explicitly must name a <server> of settings.xml: the build fails before any sky process, saying
// how to add it.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains("No <server> with id 'skypilot-prod' in settings.xml (serverId): it should hold the service-account"
        + " token of the SkyPilot API server.")
assert log.contains('<server><id>skypilot-prod</id><password>...</password></server>')
assert log.contains('or set -Dremote.serverId to a server that exists.')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
true
