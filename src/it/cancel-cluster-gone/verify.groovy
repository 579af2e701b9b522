def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('[WARNING] Nothing was cancelled: cluster gpu-gone-54321 (from .cluster_name_gpu) no longer exists, and its jobs went with it.')
