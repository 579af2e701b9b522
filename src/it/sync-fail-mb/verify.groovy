def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('[ERROR] Failed to execute goal io.github.skyremote:remote-maven-plugin:')
assert log.contains('The workdir sync would upload 300.0 MB (')
assert log.contains('over remote.syncFailMb=100 (there is no .skyignore or .gitignore: all of it is sent).')
// Maven 4 also keeps a temporary consumer POM in target/ while it builds (target/consumer-<n>.pom)
def targetFiles = (itMavenVersion as String).startsWith('4.') ? 3 : 2
assert log.contains("300.0 MB  target/  (${targetFiles} files)")
assert log.contains('        /target')
assert log.contains('Set -Dremote.syncFailMb=0 to turn this check off.')
assert !log.contains('[WARNING] The workdir sync') : 'an error, not also a warning'
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
