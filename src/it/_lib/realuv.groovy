// The real uv of the build's tool environment in IT checks. pom.xml hands it to every hook script as the
// variables realUv (target/real-tools/uv-bin/uv) and uvCache. Use:
//   def realuv = evaluate(new File(basedir, '../../../src/it/_lib/realuv.groovy'))

/**
 * The fake cluster's job ran the real uv (FAKE_SKY_JOB_PATH_PREPEND puts it first on the job's PATH): uv left a
 * uv.lock and a .venv in the cluster's ~/sky_workdir, which the fake uv never writes. Returns uv.lock's text.
 */
def ranRealUv = { File dir, String cluster ->
    def workdir = new File(dir, ".fake-sky/clusters/${cluster}/sky_workdir")
    def lock = new File(workdir, 'uv.lock')
    assert lock.isFile() : "no ${lock}: the job did not run the real uv"
    assert new File(workdir, '.venv/pyvenv.cfg').isFile() : "uv made no .venv in ${workdir}"
    lock.getText('UTF-8')
}

/** Runs the real uv with args in a fresh copy of dir's pyproject.toml (offline); returns [exit: n, stderr: s]. */
def run = { File dir, List<String> args ->
    def tmp = File.createTempDir('realuv-', '')
    try {
        new File(tmp, 'pyproject.toml').bytes = new File(dir, 'pyproject.toml').bytes
        def pb = new ProcessBuilder([realUv as String] + args).directory(tmp)
        pb.environment().keySet().removeAll { it.startsWith('UV_') || it == 'VIRTUAL_ENV' }
        pb.environment().putAll([UV_OFFLINE: '1', UV_NO_INDEX: '1', UV_PYTHON_DOWNLOADS: 'never', UV_NO_CONFIG: '1',
                                 UV_NO_PROGRESS: '1', UV_CACHE_DIR: uvCache as String])
        pb.redirectInput(ProcessBuilder.Redirect.from(new File('/dev/null')))
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
        def p = pb.start()
        def stderr = p.errorStream.getText('UTF-8')
        [exit: p.waitFor(), stderr: stderr]
    } finally {
        tmp.deleteDir()
    }
}

/** uv's error for an undeclared extra or group, taken apart: [kind, name, table]. */
def uvMissing = { String stderr ->
    def m = stderr =~ /(?m)^error: (Extra|Group) `([^`]+)` is not defined in (?:the |any )?(?:project's )?`(optional-dependencies|dependency-groups)` table/
    assert m.find() : "not uv's missing extra/group error: ${stderr}"
    [m.group(1), m.group(2), m.group(3)]
}

/**
 * The plugin's pre-flight refused what uv refuses, in the same terms: its message names the same kind (extra or
 * group), the same name and the same pyproject.toml table. Returns the plugin's line.
 */
def sameRefusal = { String buildLog, String uvStderr ->
    def (kind, name, table) = uvMissing(uvStderr)
    def pattern = ~/(?i)\b${kind} '${java.util.regex.Pattern.quote(name)}' is not defined in /
    def line = buildLog.readLines().find { it =~ pattern }
    assert line : "the plugin said nothing like uv's `${uvStderr.trim()}`"
    assert line.contains(table) : "the plugin's message names another table than uv's ${table}: ${line}"
    line
}

return [ranRealUv: ranRealUv, run: run, uvMissing: uvMissing, sameRefusal: sameRefusal]
