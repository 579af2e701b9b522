// No device given: every device's name file; the one it names is gone, which is said, and the build passes.
def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
assert log.contains('[WARNING] Cluster gpu-gone-54321 (from .cluster_name_gpu) no longer exists: it was torn down (autodown), preempted, or removed by hand; it costs nothing now.')
