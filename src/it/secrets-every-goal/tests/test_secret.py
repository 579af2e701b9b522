import hashlib
import os


def test_secret_arrives():
    # The hash of the value the IT sets: the secret reached the job without appearing anywhere.
    token = os.environ.get("HF_TOKEN", "")
    assert hashlib.sha256(token.encode("utf-8")).hexdigest() == "54f65a290cb997f2a2e905de389029f8d20cbaccdcec74afef0f5e68925db91d"


def test_fails_with_the_secret_in_its_message():
    assert os.environ["HF_TOKEN"] == "something else"
