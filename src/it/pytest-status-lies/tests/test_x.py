def test_passes():
    assert sum([1, 2, 3]) == 6


def test_also_passes():
    assert "remote".upper() == "REMOTE"


def test_assertion_fails():
    assert 2 + 2 == 5, "arithmetic is broken"


def test_raises():
    {}["missing-key"]
