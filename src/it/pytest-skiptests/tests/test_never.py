def test_must_not_run():
    raise AssertionError("tests were meant to be skipped")
