// No name file and no recorded job: nothing to look up, said plainly, no sky process.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('This workspace knows no cluster: no .cluster_name_gpu or .cluster_name_tpu in ')
assert log.contains('All your clusters: sky status')
assert !new File(basedir, '.fake-sky/calls.log').exists()
