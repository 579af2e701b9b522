def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains("sky.exceptions.ClusterDoesNotExist: Cluster 'gpu-demo-99999' does not exist.") : "sky's own message is shown"
assert log.contains('Cluster gpu-demo-99999 (from .cluster_name_gpu) no longer exists: it was torn down after its idle minutes (autodown), preempted')
assert log.contains('Provision a new one: mvn remote:provision -Ddevice=gpu -Daccelerator=H100:1')
assert !log.contains('Remote job') : 'a missing cluster is not the job failing'
