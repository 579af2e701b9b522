def test_alpha():
    pass


def test_alpha_beta():
    raise AssertionError("deselected by -k 'alpha and not beta'")


def test_gamma():
    raise AssertionError("deselected by -k 'alpha and not beta'")
