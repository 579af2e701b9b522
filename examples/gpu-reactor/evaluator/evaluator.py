"""Scores predictions (stands in for a model's evaluation code)."""


def mean_squared_error(predicted, expected):
    if len(predicted) != len(expected):
        raise ValueError("%d predictions for %d expected values" % (len(predicted), len(expected)))
    return sum((p - e) * (p - e) for p, e in zip(predicted, expected)) / len(expected)
