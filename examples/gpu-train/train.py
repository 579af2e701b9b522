"""A tiny training run: fits y = 3x + 2 by gradient descent and reports the loss.

Stands in for a real training script: it reads its options from the command line
(remote:exec -Dargs="..."), reports which device the cluster gave it, and exits non-zero
when training diverges, which fails the Maven build.
"""

import argparse
import os
import sys


def make_data(n=64):
    xs = [i / n for i in range(n)]
    return xs, [3.0 * x + 2.0 for x in xs]


def train(steps, lr):
    """Returns (weight, bias, loss) after `steps` full-batch gradient steps."""
    xs, ys = make_data()
    w, b = 0.0, 0.0
    n = len(xs)
    for _ in range(steps):
        grad_w = sum(2 * (w * x + b - y) * x for x, y in zip(xs, ys)) / n
        grad_b = sum(2 * (w * x + b - y) for x, y in zip(xs, ys)) / n
        w -= lr * grad_w
        b -= lr * grad_b
    loss = sum((w * x + b - y) * (w * x + b - y) for x, y in zip(xs, ys)) / n
    return w, b, loss


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--lr", type=float, default=0.5)
    args = parser.parse_args(argv)
    print("devices: CUDA_VISIBLE_DEVICES=%s" % os.environ.get("CUDA_VISIBLE_DEVICES", "<unset>"))
    w, b, loss = train(args.steps, args.lr)
    print("steps=%d lr=%g -> w=%.4f b=%.4f loss=%.6f" % (args.steps, args.lr, w, b, loss))
    if loss != loss or loss > 1e6:
        print("training diverged", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
