import no_such_module_for_the_it  # noqa: F401  (collection error on purpose)


def test_never_collected():
    pass
