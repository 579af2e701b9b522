"""Fits y = 3x + 2 by gradient descent (stands in for a model's training code)."""


def fit(xs, ys, steps=2000, lr=0.5):
    w, b = 0.0, 0.0
    n = len(xs)
    for _ in range(steps):
        grad_w = sum(2 * (w * x + b - y) * x for x, y in zip(xs, ys)) / n
        grad_b = sum(2 * (w * x + b - y) for x, y in zip(xs, ys)) / n
        w -= lr * grad_w
        b -= lr * grad_b
    return w, b
