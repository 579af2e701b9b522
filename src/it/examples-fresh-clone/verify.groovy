// A new user's path, exactly as README.md and examples/ write it, against the fake sky:
//  1. a fresh copy of this repository: the files a commit of the work tree holds (tracked and new, not ignored);
//  2. the command of the README's "Install" section, run in it as written, with a home of its own whose
//     ~/.m2/settings.xml is the README's <pluginGroups> snippet;
//  3. the Install section's `mvn remote:down` outside any project (the plugin prefix from the pluginGroup);
//  4. each example copied out of the clone and run with the commands of its README ("Run it"), then again with the
//     `sh` steps of its Jenkinsfile, by `mvn` of the Maven this IT run uses (3.9 or 4).
import java.nio.file.Files
import java.nio.file.StandardCopyOption
import java.util.concurrent.TimeUnit

def projectRoot = new File(basedir, '../../..').canonicalFile
def fakeBin = new File(projectRoot, 'src/it/fake-bin')
// Outside the project and this IT's directory: a .mvn/ above a directory makes Maven take that one as the project
// root, where the plugin keeps the cluster name file (the invoker puts one in every IT directory).
def work = Files.createTempDirectory('remote-maven-plugin-examples-').toFile()
def home = new File(work, 'home')
def clone = new File(work, 'clone')
def runs = new File(work, 'runs')
def logs = new File(basedir, 'logs')
[home, clone, runs, logs].each { it.deleteDir(); it.mkdirs() }
println "[examples] working in ${work} (removed when every check passed)"

def secret = 'hf_ExampleSecret_9f8e7d6c'
def env = [
    PATH: [fakeBin.path, new File(itMavenHome as String, 'bin').path, System.getenv('PATH')].join(File.pathSeparator),
    // A home of its own: ~/.m2/settings.xml is the README's, and the plugin is installed into its ~/.m2/repository.
    // What the builds need besides comes read-only from the user's repository (maven.repo.local.tail), else from
    // Maven Central as for any user.
    MAVEN_OPTS: "-Duser.home=${home.path} -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1".toString(),
    MAVEN_ARGS: "-Dmaven.repo.local.tail=${userLocalRepository}".toString(),
    // The fake sky's python (with PyYAML), as in every IT (pom.xml, invoker environmentVariables).
    FAKE_SKY_PYTHON: fakeSkyPython as String,
    // The fake cluster's jobs run the real uv, offline, as in every IT (pom.xml, invoker environmentVariables).
    FAKE_SKY_JOB_PATH_PREPEND: new File(realUv as String).parent,
    FAKE_SKY_JOB_ENV_PASSTHROUGH: 'UV_OFFLINE,UV_NO_INDEX,UV_FIND_LINKS,UV_CACHE_DIR,UV_PYTHON_DOWNLOADS,UV_NO_CONFIG,UV_NO_PROGRESS',
    UV_OFFLINE: '1', UV_NO_INDEX: '1', UV_FIND_LINKS: new File(projectRoot, 'target/real-tools/wheelhouse').path,
    UV_CACHE_DIR: uvCache as String, UV_PYTHON_DOWNLOADS: 'never', UV_NO_CONFIG: '1', UV_NO_PROGRESS: '1',
    // What a Jenkinsfile gets from Jenkins.
    BUILD_NUMBER: '42', HF_TOKEN: secret, SKYPILOT_DISABLE_USAGE_COLLECTION: '1',
]

int step = 0
/** Runs one documented command line with bash, as a user's shell or Jenkins' `sh` would; returns its output. */
def run = { File dir, String command, long seconds = 600 ->
    def log = new File(logs, String.format('%02d-%s.log', ++step, dir.name))
    def pb = new ProcessBuilder('bash', '-c', command).directory(dir).redirectErrorStream(true).redirectOutput(log)
    pb.redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
    pb.environment().putAll(env)
    def p = pb.start()
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.toHandle().descendants().each { it.destroyForcibly() }
        p.destroyForcibly()
        throw new AssertionError("`${command}` in ${dir} did not end within ${seconds} s (log: ${log})")
    }
    def text = log.getText('UTF-8')
    assert p.exitValue() == 0 : "`${command}` in ${dir} exited with ${p.exitValue()} (log: ${log}):\n" +
            text.readLines().takeRight(80).join('\n')
    println "[examples] ok (${log.name}): ${command}"
    text
}

/** The lines of a Markdown section, up to the next heading of its level or higher (code blocks skipped). */
def section = { String markdown, String heading ->
    def lines = markdown.readLines()
    int start = lines.findIndexOf { it.trim() == heading }
    assert start >= 0 : "no '${heading}' section"
    int level = heading.takeWhile { it == '#' as char }.length()
    boolean fenced = false
    int end = lines.size()
    for (int i = start + 1; i < lines.size(); i++) {
        if (lines[i].trim().startsWith('```')) {
            fenced = !fenced
        } else if (!fenced && lines[i] ==~ /^#{1,${level}} .*/) {
            end = i
            break
        }
    }
    lines.subList(start + 1, end)
}

/** The fenced code blocks of a language, each as its lines. */
def blocks = { List<String> lines, String language ->
    def found = []
    def current = null
    lines.each { line ->
        if (current == null && line.trim() == '```' + language) {
            current = []
        } else if (current != null && line.trim() == '```') {
            found << current
            current = null
        } else if (current != null) {
            current << line
        }
    }
    found
}

def commandsOf = { List<String> block -> block*.trim().findAll { it && !it.startsWith('#') } }

def copyTree = { File from, File to ->
    from.eachFileRecurse { src ->
        def dst = new File(to, from.toPath().relativize(src.toPath()).toString())
        if (src.isDirectory()) {
            dst.mkdirs()
        } else {
            dst.parentFile.mkdirs()
            Files.copy(src.toPath(), dst.toPath(), StandardCopyOption.COPY_ATTRIBUTES)
        }
    }
    to
}

// 1. The fresh copy.
def git = new ProcessBuilder('git', '-C', projectRoot.path, 'ls-files', '-z', '--cached', '--others',
        '--exclude-standard').start()
def names = git.inputStream.getText('UTF-8').split('\u0000').findAll { it }
assert git.waitFor() == 0 : "git ls-files failed in ${projectRoot}: ${git.errorStream.text}"
names.each { name ->
    def src = new File(projectRoot, name)
    if (src.isFile()) { // a tracked file deleted in the work tree is not in the next commit either
        def dst = new File(clone, name)
        dst.parentFile.mkdirs()
        Files.copy(src.toPath(), dst.toPath(), StandardCopyOption.COPY_ATTRIBUTES)
    }
}
def version = new groovy.xml.XmlSlurper().parse(new File(clone, 'pom.xml')).version.text()

// 2. Install, as the README says.
def install = section(new File(clone, 'README.md').getText('UTF-8'), '## Install')
def installCommands = blocks(install, 'bash').collectMany { commandsOf(it) }
def buildCommands = installCommands.findAll { it.startsWith('./mvnw ') }
assert buildCommands.size() == 1 : "one ./mvnw command in the README's Install section: ${installCommands}"
def settingsBlocks = blocks(install, 'xml').findAll { it.join('\n').contains('<pluginGroup>') }
assert settingsBlocks.size() == 1 : 'one settings.xml snippet with <pluginGroups> in the Install section'
new File(home, '.m2').mkdirs()
new File(home, '.m2/settings.xml').setText(settingsBlocks[0].join('\n') + '\n', 'UTF-8')
run(clone, buildCommands[0], 900)
def installed = new File(home, ".m2/repository/io/github/skyremote/remote-maven-plugin/${version}")
assert new File(installed, "remote-maven-plugin-${version}.jar").isFile() : "the install command installed nothing into ${installed}"

// 3. remote:down outside a project: the short prefix works through the settings' pluginGroup.
def downCommands = installCommands.findAll { it.startsWith('mvn remote:down') }
assert downCommands : "the Install section shows `mvn remote:down` outside a project: ${installCommands}"
downCommands.each { command ->
    def dir = new File(runs, 'no-project')
    dir.deleteDir()
    new File(dir, '.fake-sky/clusters').mkdirs()
    new File(dir, '.fake-sky/clusters/gpu-left-12345.json').text = '{"name": "gpu-left-12345", "status": "UP"}'
    new File(dir, '.cluster_name_gpu').text = 'gpu-left-12345\n'
    def out = run(dir, command)
    assert out.contains('Cluster gpu-left-12345 is gone; removed') : out
    assert !new File(dir, '.cluster_name_gpu').exists()
}

// 4. The examples, as their READMEs and Jenkinsfiles say.
def reports = { File dir ->
    def found = []
    dir.eachFileRecurse { if (it.name ==~ /TEST-.*\.xml/ && it.parentFile.name == 'remote-reports') found << it }
    found.collectEntries { f ->
        def suite = new groovy.xml.XmlSlurper().parse(f)
        def cases = suite.'**'.findAll { it.name() == 'testcase' }
        assert cases.every { it.failure.isEmpty() && it.error.isEmpty() } : "failures in ${f}"
        [(dir.toPath().relativize(f.toPath()).toString()): cases.size()]
    }
}
def calls = { File dir ->
    def f = new File(dir, '.fake-sky/calls.log')
    assert f.isFile() : "no sky call was made in ${dir}"
    f.readLines('UTF-8').findAll { it.trim() }.collect { new groovy.json.JsonSlurper().parseText(it).argv }
}
def leftNothing = { File dir, String output ->
    def clusters = new File(dir, '.fake-sky/clusters').listFiles()?.findAll { it.name.endsWith('.json') } ?: []
    assert clusters.isEmpty() : "clusters left running in ${dir}: ${clusters*.name}"
    assert !dir.list().any { it ==~ /\.cluster_name_(gpu|tpu)/ } : "a name file is left in ${dir}"
    assert !output.contains(secret) : "the secret's value reached the output in ${dir}"
    dir.eachFileRecurse { f ->
        if (f.isFile() && f.path.contains(File.separator + 'target' + File.separator)) {
            assert !f.getText('ISO-8859-1').contains(secret) : "the secret's value is in ${f}"
        }
    }
}
def checks = [
    'gpu-train': { File dir, String out ->
        assert out.contains('devices: CUDA_VISIBLE_DEVICES=0')
        assert out =~ /steps=300 lr=0\.5 -> w=3\.0\d* b=2\.0\d*/
        assert reports(dir) == ['target/remote-reports/TEST-remote-pytest-gpu.xml': 3]
        def launch = calls(dir).find { it[0] == 'launch' }
        assert launch[launch.indexOf('--cluster') + 1] ==~ /gpu-gpu-train-\d{5}/
    },
    'tpu-train': { File dir, String out ->
        assert out.contains('node 0 of 1')
        assert reports(dir) == ['target/remote-reports/TEST-remote-pytest-tpu.xml': 3]
        def launch = calls(dir).find { it[0] == 'launch' }
        assert launch[launch.indexOf('--cluster') + 1] ==~ /tpu-tpu-v6e-8-tpu-train-\d{5}/
    },
    'gpu-reactor': { File dir, String out ->
        assert out.contains('BUILD SUCCESS')
        def found = reports(dir)
        assert found.keySet().sort() == ['evaluator/target/remote-reports/TEST-remote-pytest-gpu-gpu-tests.xml',
                                         'trainer/target/remote-reports/TEST-remote-pytest-gpu-gpu-tests.xml']
        assert found.values().toList() as Set == [1, 3] as Set
        assert calls(dir).count { it[0] == 'exec' } == 2 : 'each module ran its tests on the cluster'
        // one cluster per build (README, multi-module builds): launched once, torn down once after the last module
        assert calls(dir).count { it[0] == 'launch' } == 1 : "one launch for the reactor: ${calls(dir)}"
        assert calls(dir).count { it[0] == 'down' } == 1 : "one teardown for the reactor: ${calls(dir)}"
        assert calls(dir).findLastIndexOf { it[0] == 'exec' } < calls(dir).findIndexOf { it[0] == 'down' }
    },
]

def examples = new File(clone, 'examples').listFiles().findAll { new File(it, 'pom.xml').isFile() }.sort()
assert examples*.name == checks.keySet().sort() : "examples/ holds ${examples*.name}; this IT checks ${checks.keySet()}"
examples.each { example ->
    // the copy a user takes must build the plugin version this clone installs
    def pluginVersions = (new File(example, 'pom.xml').getText('UTF-8') =~
            /<artifactId>remote-maven-plugin<\/artifactId>\s*<version>([^<]+)<\/version>/).collect { it[1] }
    assert pluginVersions == [version] : "examples/${example.name}/pom.xml uses remote-maven-plugin ${pluginVersions}; the build is ${version}"

    def readmeRun = copyTree(example, new File(runs, example.name + '-readme'))
    def documented = blocks(section(new File(example, 'README.md').getText('UTF-8'), '## Run it'), 'bash')
    assert documented : "examples/${example.name}/README.md has no bash block under '## Run it'"
    def out = commandsOf(documented[0]).collect { run(readmeRun, it) }.join('\n')
    checks[example.name](readmeRun, out)
    leftNothing(readmeRun, out)

    def jenkinsfile = new File(example, 'Jenkinsfile')
    if (jenkinsfile.isFile()) {
        def jenkinsRun = copyTree(example, new File(runs, example.name + '-jenkins'))
        def steps = (jenkinsfile.getText('UTF-8') =~ /(?m)\bsh\s+'([^']*)'/).collect { it[1] }
        assert steps : "no sh step in ${jenkinsfile}"
        def jout = steps.collect { run(jenkinsRun, it) }.join('\n')
        leftNothing(jenkinsRun, jout)
        if (jout.contains('remote.secrets=HF_TOKEN')) {
            assert calls(jenkinsRun).find { it[0] == 'exec' }.join(' ').contains('--secret HF_TOKEN')
        }
    }
}
assert new File(runs, 'gpu-train-jenkins').isDirectory() && new File(runs, 'gpu-reactor-jenkins').isDirectory() :
        'a Jenkinsfile for each style: command-line goals (gpu-train), lifecycle binding (gpu-reactor)'
work.deleteDir()
true
