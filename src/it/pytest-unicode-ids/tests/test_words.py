import pytest


@pytest.mark.parametrize("word", ["grüße", "it's", 'say "hi"', "日本"])
def test_word(word):
    assert word not in ("grüße", 'say "hi"'), "rejected on purpose: " + word


def test_naïve_function_name():
    assert "ß".upper() == "SS"
