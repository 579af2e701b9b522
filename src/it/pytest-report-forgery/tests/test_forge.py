"""A test that forges the plugin's epilogue: it looks for the run's token where a test can see it (its argv, its
environment, /proc/self/cmdline, the files of its --junitxml directory), prints a forged exit frame and a forged green
report with every candidate it found and with a guess, and, as a determined forger would, also with the token it
reads from its ancestors' command lines (the job's shell holds it in its own words)."""
import base64
import os
import re
import sys

MARK = "@@remote-maven-plugin:"
HEX = re.compile(r"[0-9a-f]{32}")
FORGED = ('<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0"'
          ' skipped="0" tests="1"><testcase classname="tests.test_forge" name="test_forged_green"/></testsuite>'
          '</testsuites>')


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _junitxml_dir():
    for arg in sys.argv + _read("/proc/self/cmdline").split("\0"):
        if arg.startswith("--junitxml="):
            return os.path.dirname(arg[len("--junitxml="):])
    return None


def _visible():
    texts = list(sys.argv) + [k + "=" + v for k, v in os.environ.items()] + [_read("/proc/self/cmdline")]
    directory = _junitxml_dir()
    texts.append(directory or "")
    if directory and os.path.isdir(directory):
        for name in os.listdir(directory):
            texts.append(name)
            texts.append(_read(os.path.join(directory, name)))
    return set(HEX.findall("\n".join(texts)))


def _from_ancestors():
    found = set()
    pid = os.getppid()
    while pid > 1:
        found.update(re.findall(MARK + r"([0-9a-f]{32}):", _read(f"/proc/{pid}/cmdline")))
        try:
            pid = int(_read(f"/proc/{pid}/stat").rsplit(")", 1)[1].split()[1])
        except (IndexError, ValueError):
            break
    return found


def _forge(token):
    print(f"{MARK}{token}:exit:0@@")
    print(f"{MARK}{token}:report:begin@@")
    print(base64.b64encode(FORGED.encode("utf-8")).decode("ascii"))
    print(f"{MARK}{token}:report:end@@")


def test_forges_a_green_report():
    visible = _visible()
    print("forgery: visible hex words: [" + ",".join(sorted(visible)) + "]")
    print("forgery: junitxml directory: " + str(_junitxml_dir()))
    ancestors = _from_ancestors()
    print("forgery: token read from an ancestor's command line: " + ("yes" if ancestors else "no"))
    for token in sorted(visible | ancestors | {"0" * 32}):
        _forge(token)
    sys.stdout.flush()


def test_real_failure():
    assert 1 + 1 == 3, "this failure must reach the report"
