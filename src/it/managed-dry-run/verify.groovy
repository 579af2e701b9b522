// A dry run prints the exact commands and the task YAML (which the build's conformance step rebuilds and hands,
// with the command, to the real sky), and runs nothing.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert !new File(basedir, '.fake-sky/calls.log').exists()
assert log =~ /Dry run \(remote\.dryRun\), not running: sky jobs launch \S+\/remote-maven-plugin-managed-dry-run\/train-\d{5}\.yaml --name train-\d{5} --yes --detach-run --job-recovery EAGER_NEXT_REGION --secret HF_TOKEN/
assert log =~ /Dry run: task YAML \S+train-\d{5}\.yaml would be:/
assert log.contains('[INFO]     accelerators: tpu-v6e-8')
assert log.contains('[INFO]     infra: gcp')
assert log.contains('[INFO]       tpu_vm: true')
assert log.contains('[INFO]     MODE: "x y"') || log.contains("[INFO]     MODE: x y")
assert !log.contains('hf_secret_value_123') : 'a secret is passed by name only'
assert log.contains('Dry run (remote.dryRun), not running: sky jobs logs --tail 0 4')
assert log.contains('Dry run (remote.dryRun), not running: sky jobs cancel --yes 4')
assert log.contains('Dry run (remote.dryRun), not running: sky jobs queue')
