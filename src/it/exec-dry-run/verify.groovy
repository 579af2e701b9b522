def log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('BUILD SUCCESS')
def expected = "sky exec gpu-demo-12345 --workdir ${basedir.canonicalPath} -- 'export CUDA_VISIBLE_DEVICES=0; uv run --group dev --extra gpu python train.py --name '\"'\"'a b'\"'\"' '\"'\"'\$x'\"'\"''"
assert log.contains('Dry run (remote.dryRun), not running: ' + expected)
assert !new File(basedir, '.fake-sky/calls.log').exists() : 'no sky process may start'
