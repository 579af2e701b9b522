"""Every citation of docs/skypilot-facts.md#<anchor> in the repository names a heading of that file,
and nothing cites the research notes outside the repository any more."""

import os
import re

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
FACTS = os.path.join(ROOT, "docs", "skypilot-facts.md")
SKIP_DIRS = {".git", "target", "__pycache__", ".fake-sky", "node_modules", ".venv", ".idea"}
CITATION = re.compile(r"skypilot-facts\.md#([A-Za-z0-9_-]+)")
LOCAL_LINK = re.compile(r"\]\(#([A-Za-z0-9_-]*)\)")


def github_anchor(heading):
    """The id GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def heading_anchors(path):
    anchors, in_fence = [], False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("```"):
                in_fence = not in_fence
            elif not in_fence and re.match(r"#{1,6} ", line):
                anchors.append(github_anchor(line.lstrip("#")))
    return anchors


def repository_texts():
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                with open(path, encoding="utf-8") as f:
                    yield os.path.relpath(path, ROOT), f.read()
            except (UnicodeDecodeError, OSError):
                continue


def test_github_anchor_rules():
    assert github_anchor("Ctrl-C and kill") == "ctrl-c-and-kill"
    assert github_anchor("Status JSON") == "status-json"
    assert github_anchor("down and stop") == "down-and-stop"


def test_headings_are_unique():
    anchors = heading_anchors(FACTS)
    assert len(anchors) == len(set(anchors)), sorted(a for a in anchors if anchors.count(a) > 1)


def test_every_citation_names_a_heading():
    anchors = set(heading_anchors(FACTS))
    cited, broken = 0, []
    for rel, text in repository_texts():
        found = CITATION.findall(text)
        if rel == os.path.relpath(FACTS, ROOT):
            found += LOCAL_LINK.findall(text)
        for anchor in found:
            cited += 1
            if anchor not in anchors:
                broken.append(f"{rel}: #{anchor}")
    assert not broken, f"citations of headings docs/skypilot-facts.md does not have: {broken}"
    assert cited >= 20  # the code and the fake do cite it: a scan that finds nothing is broken


def test_nothing_cites_the_notes_outside_the_repository():
    stale = [rel for rel, text in repository_texts()
             if "skypilot-cli.md" in text and rel != os.path.relpath(__file__, ROOT)]
    assert not stale, f"cite docs/skypilot-facts.md#<section> instead of skypilot-cli.md in {stale}"
