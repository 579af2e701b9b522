#!/usr/bin/env python3
"""Makes the site's Markdown pages from README.md's sections, CONTRIBUTING.md and docs/*.md (phase pre-site).

README.md stays the one source: each `## ` section goes to a page (PAGES below; a section not listed
there joins the page of the section before it), CONTRIBUTING.md becomes contributing.md, docs/X.md
becomes X.md, and links are rewritten for the site: README anchors to the page that holds the heading,
CONTRIBUTING.md to contributing.html, docs/X.md to X.html, any other file of the repository to its
page under --scm-url. Standard library only.
"""

import argparse
import pathlib
import re
import sys

# README `## ` heading (start of it) -> page, title
PAGES = [
    ("Install", "install", "Install"),
    ("Quick start", "usage", "Usage"),
    ("Jenkins", "jenkins", "Jenkins"),
    ("Exit codes", "troubleshooting", "Exit codes and troubleshooting"),
    ("Supported versions", "versions", "Supported versions"),
]
# Files of the repository root that become one page each: file -> page
FILES = {"CONTRIBUTING.md": "contributing"}

LINK = re.compile(r"\]\(([^)\s]+)\)")


def slug(heading):
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lstrip("#").strip()).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def split_readme(text):
    """[(page, title, [lines])], in README order; the part before the first `## ` is the index."""
    pages = {"index": ("index", None, [])}
    order = ["index"]
    current = "index"
    fenced = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            heading = line[3:].strip()
            for start, page, title in PAGES:
                if heading.startswith(start):
                    current = page
                    if page not in pages:
                        pages[page] = (page, title, [])
                        order.append(page)
                    break
        pages[current][2].append(line)
    return [pages[p] for p in order]


def anchors_of(pages):
    found = {}
    for page, _, lines in pages:
        fenced = False
        for line in lines:
            if line.strip().startswith("```"):
                fenced = not fenced
            elif not fenced and line.startswith("#"):
                found.setdefault(slug(line), page)
    return found


def rewrite(text, source_dir, root, anchors, scm_url, own_page=None, own_anchors=()):
    """own_page, own_anchors: a page not made from README.md and its headings; links to them go to that page."""
    def target(match):
        href = match.group(1)
        if re.match(r"^[a-z]+:", href):
            return match.group(0)
        path, _, fragment = href.partition("#")
        if not path:
            if fragment in own_anchors:
                return "](%s.html)" % own_page
            page = anchors.get(fragment)
            return "](%s.html)" % page if page else match.group(0)
        resolved = (source_dir / path).resolve()
        try:
            rel = resolved.relative_to(root)
        except ValueError:
            return match.group(0)
        if rel.as_posix() == "README.md":
            page = anchors.get(fragment, "index")
            return "](%s.html)" % page
        if rel.as_posix() in FILES:
            return "](%s.html)" % FILES[rel.as_posix()]
        if rel.parent.as_posix() == "docs" and rel.suffix == ".md":
            return "](%s.html)" % rel.stem
        kind = "tree" if path.endswith("/") or resolved.is_dir() else "blob"
        return "](%s/%s/HEAD/%s%s)" % (scm_url.rstrip("/"), kind, rel.as_posix(), "#" + fragment if fragment else "")

    return LINK.sub(target, text)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True, type=pathlib.Path)
    parser.add_argument("--scm-url", required=True)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    args = parser.parse_args()
    root = args.root.resolve()
    args.out.mkdir(parents=True, exist_ok=True)

    pages = split_readme((root / "README.md").read_text(encoding="utf-8"))
    anchors = anchors_of(pages)
    written = []
    for page, title, lines in pages:
        body = "\n".join(lines).strip() + "\n"
        if title:
            body = "# %s\n\n%s" % (title, body)
        (args.out / (page + ".md")).write_text(rewrite(body, root, root, anchors, args.scm_url), encoding="utf-8")
        written.append(page)
    for name, page in FILES.items():
        text = (root / name).read_text(encoding="utf-8")
        own = anchors_of([(page, None, text.splitlines())])
        (args.out / (page + ".md")).write_text(rewrite(text, root, root, anchors, args.scm_url, page, own), encoding="utf-8")
        written.append(page)
    for doc in sorted((root / "docs").glob("*.md")):
        text = doc.read_text(encoding="utf-8")
        (args.out / doc.name).write_text(rewrite(text, doc.parent, root, anchors, args.scm_url), encoding="utf-8")
        written.append(doc.stem)
    print("[site-pages] %s -> %s" % (", ".join(p + ".md" for p in written), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
