import os


def test_key_in_the_failure_message():
    second = os.environ["SA_KEY"].splitlines()[1]
    print("captured output: " + second)
    assert second == "something else"
