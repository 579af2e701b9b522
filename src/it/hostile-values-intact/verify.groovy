import groovy.json.JsonOutput
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def shown = { String s -> JsonOutput.toJson(s) }
assert log.contains('ENV ' + shown('line one\nline "two" \'three\' $HOME `id`'))
assert log.contains('ARG ' + shown('first\nsecond'))
assert log.contains('ARG ' + shown('"double" \'single\' \\back $(id) `id` ;&|'))
assert log.contains('ARG ' + shown('-k'))
