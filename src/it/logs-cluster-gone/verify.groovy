def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD FAILURE')
assert log.contains('Cluster gpu-gone-54321 (from .cluster_name_gpu) no longer exists: it was torn down (autodown), preempted, or removed by hand, and its jobs and their logs went with it.')
