import pytest

import evaluator


def test_perfect_predictions_score_zero():
    assert evaluator.mean_squared_error([1.0, 2.0], [1.0, 2.0]) == 0.0


def test_error_is_the_mean_of_the_squares():
    assert evaluator.mean_squared_error([1.0, 3.0], [0.0, 0.0]) == 5.0


def test_lengths_must_match():
    with pytest.raises(ValueError):
        evaluator.mean_squared_error([1.0], [1.0, 2.0])
