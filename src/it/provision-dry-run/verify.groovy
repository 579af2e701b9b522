def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log =~ /Dry run \(remote.dryRun\), not running: sky launch \S+\/target\/remote\/gpu-dry-\d{5}.sky.yaml --cluster gpu-dry-\d{5} --yes --idle-minutes-to-autostop 30 --down/
assert log.contains('accelerators: H100:1')
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
assert !new File(basedir, '.cluster_name_gpu').exists()
