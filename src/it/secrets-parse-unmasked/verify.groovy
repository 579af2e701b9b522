// The status JSON holds "to_down": true; masked before parsing it would read "to_down": **** and not parse.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('Reusing cluster gpu-demo-12345 (from .cluster_name_gpu): it is UP.')
assert !log.contains('Cannot read the output of sky status')
// What is shown (the captured JSON, at debug level with -X) is masked all the same.
assert log =~ /\[DEBUG\] +"to_down": \*\*\*\*,/
assert !log.contains('"to_down": true')
true
