// Helpers for ITs that must signal a running Maven build (Ctrl+C, Jenkins abort): the verify script starts a
// nested Maven with the plugin under test, waits for a line in its log, sends a signal and waits for the end.
// Use: def nested = evaluate(new File(basedir, '../../../src/it/_lib/nested-maven.groovy'))
import java.util.concurrent.TimeUnit

def projectRoot = new File(basedir, '../../..').canonicalFile
def fakeBin = new File(projectRoot, 'src/it/fake-bin')

def start = { File dir, List<String> args, Map<String, String> env = [:] ->
    def settings = new File(dir, 'nested-settings.xml')
    settings.setText(new File(projectRoot, 'src/it/settings.xml').getText('UTF-8')
            .replace('@localRepositoryUrl@', new File(localRepositoryPath.toString()).toURI().toString()), 'UTF-8')
    // the Maven of this IT run (3.9 or 4, pom.xml itMavenHome), not necessarily the one running this script
    def mvn = new File(binding.hasVariable('itMavenHome') ? itMavenHome as String : System.getProperty('maven.home'), 'bin/mvn').path
    // python3 resets SIGINT/SIGTERM to their defaults before exec: a JVM started with SIGINT ignored (as
    // background jobs of a non-interactive shell are) would never see Ctrl+C.
    // It also starts a new session, so that signalling the process group (-pid) reaches Maven and the sky it
    // started, as Ctrl+C in a terminal does, and nothing else.
    def reset = 'import os, signal, sys\n' +
            'os.setsid()\n' +
            'signal.signal(signal.SIGINT, signal.SIG_DFL)\n' +
            'signal.signal(signal.SIGTERM, signal.SIG_DFL)\n' +
            'os.execvp(sys.argv[1], sys.argv[1:])'
    def command = ['python3', '-c', reset, mvn, '-B', '-s', settings.path,
                   "-Dmaven.repo.local=${localRepositoryPath}".toString()] + args
    def pb = new ProcessBuilder(command).directory(dir).redirectErrorStream(true)
            .redirectOutput(new File(dir, 'nested.log'))
    pb.environment().put('PATH', fakeBin.path + File.pathSeparator + System.getenv('PATH'))
    // the fake sky's python (with PyYAML), as in every IT (pom.xml, invoker environmentVariables)
    pb.environment().put('FAKE_SKY_PYTHON', fakeSkyPython as String)
    pb.environment().put('MAVEN_OPTS', '-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1')
    pb.environment().remove('MAVEN_ARGS')
    pb.environment().putAll(env)
    pb.start()
}

def waitFor = { File dir, String text, long seconds ->
    def log = new File(dir, 'nested.log')
    long deadline = System.currentTimeMillis() + seconds * 1000
    while (System.currentTimeMillis() < deadline) {
        if (log.exists() && log.getText('UTF-8').contains(text)) {
            return true
        }
        Thread.sleep(100)
    }
    throw new AssertionError("'${text}' did not appear in nested.log within ${seconds} s:\n" +
            (log.exists() ? log.getText('UTF-8') : '<no log>'))
}

/** Signals the Maven JVM; with group = true its whole process group, as a terminal's Ctrl+C does. */
def signal = { Process p, String name, boolean group = false ->
    def target = group ? '-' + p.pid() : Long.toString(p.pid())
    def kill = new ProcessBuilder('kill', '-' + name, '--', target).inheritIO().start()
    assert kill.waitFor() == 0
}

def finish = { Process p, long seconds ->
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.toHandle().descendants().each { it.destroyForcibly() }
        p.destroyForcibly()
        throw new AssertionError("the nested Maven did not end within ${seconds} s")
    }
    p.exitValue()
}

def alive = { long pid -> ProcessHandle.of(pid).map { it.isAlive() }.orElse(false) }

def calls = { File dir ->
    def f = new File(dir, '.fake-sky/calls.log')
    f.exists() ? f.readLines('UTF-8').findAll { it.trim() }.collect { new groovy.json.JsonSlurper().parseText(it) } : []
}

[start: start, waitFor: waitFor, signal: signal, finish: finish, alive: alive, calls: calls]
