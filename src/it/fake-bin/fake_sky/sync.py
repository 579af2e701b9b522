"""Workdir sync (docs/skypilot-facts.md#workdir-sync): rsync -a without --delete, with the
ignore files SkyPilot passes as rsync filters. The cases in
src/test/resources/sync-rules/vectors.json are the truth for what is copied; the build checks them
against a real rsync too."""

import os
import re


_NAMED_CLASS = re.compile(r"\[:([a-z]+):\]")
# wildmatch's named classes, ASCII (rsync compares bytes in the C locale)
_NAMED_CLASSES = {
    "alnum": "a-zA-Z0-9", "alpha": "a-zA-Z", "blank": " \\t", "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9", "graph": "!-~", "lower": "a-z", "print": " -~",
    "punct": "!-/:-@\\[-`{-~", "space": " \\t\\n\\r\\f\\v", "upper": "A-Z", "xdigit": "0-9a-fA-F",
}


def _wild_to_regex(pat):
    """rsync's wildmatch as a regex: * and ? stop at '/', ** (or more stars) crosses it, [...] is
    a class ([!...] or [^...] negated) that never matches '/', a backslash quotes the next
    character."""
    out, i, n = [], 0, len(pat)
    while i < n:
        c = pat[i]
        if c == "\\":
            if i + 1 == n:
                return re.compile(r"(?!)")  # a trailing backslash: wildmatch matches nothing
            out.append(re.escape(pat[i + 1]))
            i += 2
        elif c == "*":
            j = i
            while j < n and pat[j] == "*":
                j += 1
            out.append(".*" if j - i > 1 else "[^/]*")
            i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = i + 1
            negate = j < n and pat[j] in "!^"
            j += negate
            parts, first = [], True
            while j < n and (first or pat[j] != "]"):
                first = False
                ch = pat[j]
                named = _NAMED_CLASS.match(pat, j)
                if named:
                    if named.group(1) not in _NAMED_CLASSES:
                        return re.compile(r"(?!)")  # an unknown class: wildmatch matches nothing
                    parts.append(_NAMED_CLASSES[named.group(1)])
                    j = named.end()
                    continue
                if ch == "\\" and j + 1 < n:
                    j += 1
                    parts.append(re.escape(pat[j]))
                elif ch == "-" and parts and j + 1 < n and pat[j + 1] != "]":
                    parts.append("-")
                else:
                    parts.append(re.escape(ch))
                j += 1
            if j >= n:
                return re.compile(r"(?!)")  # no closing ]: wildmatch matches nothing
            out.append(("[^/" if negate else "(?!/)[") + "".join(parts) + "]")
            i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out))


class _Rule:
    """One exclude rule of an ignore file, matched as rsync's rule_matches (exclude.c) does.

    rel paths are relative to the workdir (the transfer root). A rule from the ignore file of
    directory `base` only sees paths below it; `/x` is anchored to `base`; a pattern without
    * ? [ is compared literally (a backslash in it stays); one with neither a slash nor ** matches
    the last component; one with a slash but no ** matches the last slash-count + 1 components of
    the whole path (so `a/b` floats, and `sub/c` in sub/.gitignore matches sub/c); one with ** is
    tried at the start and after every slash, and a leading **/ also matches at the top."""

    def __init__(self, pattern, base, include=False):
        self.include = include  # a `+ ` rule of --exclude-from: the first match keeps the path
        self.base = base  # the ignore file's directory, relative ('' for the workdir)
        self.dir_only = len(pattern) > 1 and pattern.endswith("/")
        if self.dir_only:
            pattern = pattern[:-1]
        self.anchored = pattern.startswith("/")
        if self.anchored:
            pattern = pattern[1:]
        # dir/*** matches the directory itself too, as dir/ would.
        self.dir_rule = (_Rule(("/" if self.anchored else "") + pattern[:-4] + "/", base)
                         if pattern.endswith("/***") and len(pattern) > 4 else None)
        self.pattern = pattern
        self.wild2 = "**" in pattern
        self.wild2_prefix = pattern.startswith("**/")
        self.slash_cnt = pattern.count("/")
        self.regex = _wild_to_regex(pattern) if any(c in pattern for c in "*?[") else None

    def _whole(self, text):
        return bool(self.regex.fullmatch(text)) if self.regex else text == self.pattern

    def matches(self, rel, is_dir):
        if self.dir_only and not is_dir:
            return False
        if self.base and not rel.startswith(self.base + "/"):
            return False
        if self.dir_rule is not None and self.dir_rule.matches(rel, is_dir):
            return True
        if self.anchored:
            return self._whole(rel[len(self.base) + 1:] if self.base else rel)
        if not self.slash_cnt and not self.wild2:
            return self._whole(rel.rsplit("/", 1)[-1])
        if self.wild2_prefix:
            return self._whole("/" + rel)
        if self.wild2:
            starts = [0] + [k + 1 for k, c in enumerate(rel) if c == "/"]
            return any(self._whole(rel[k:]) for k in starts)
        comps = rel.split("/")
        return len(comps) > self.slash_cnt and self._whole("/".join(comps[-self.slash_cnt - 1:]))


def _read_rules(path, base):
    """The rules of an ignore file. As rsync reads a merge file: a line ends at \n or \r,
    empty lines and lines starting with # or ; are comments, nothing else is stripped."""
    rules = []
    try:
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
            for line in re.split(r"[\r\n]", f.read()):
                if not line or line[0] in "#;":
                    continue
                rules.append(_Rule(line, base))
    except OSError:
        pass
    return rules


def _read_exclude_from(path):
    """--exclude-from=.git/info/exclude as rsync reads it: `+ ` and `- ` prefixes, and a lone `!`
    that clears every rule before it, the dir-merge of .gitignore included. Returns (rules,
    whether the .gitignore dir-merge survived)."""
    rules, merge_kept = [], True
    try:
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
            lines = re.split(r"[\r\n]", f.read())
    except OSError:
        return rules, merge_kept
    for line in lines:
        if not line or line[0] in "#;":
            continue
        if line == "!":
            rules, merge_kept = [], False
        elif line.startswith("+ "):
            rules.append(_Rule(line[2:], "", include=True))
        elif line.startswith("- "):
            rules.append(_Rule(line[2:], ""))
        else:
            rules.append(_Rule(line, ""))
    return rules, merge_kept


def sync_workdir(src, dst, exclude_abs=()):
    """Merge src into dst the way `rsync -a --filter='dir-merge,- <ignore>'` does (plus
    `--exclude-from=.git/info/exclude` without a .skyignore). The first matching rule decides:
    the ignore files' rules (a directory's own before those above), then the exclude file's.
    exclude_abs: absolute paths never copied (the fake's own state dir, which would
    otherwise be copied into itself when it lives inside the workdir)."""
    src = os.path.abspath(src)
    use_skyignore = os.path.exists(os.path.join(src, ".skyignore"))
    merge_name = ".skyignore" if use_skyignore else ".gitignore"
    tail_rules, merge_kept = ([], True) if use_skyignore else _read_exclude_from(
        os.path.join(src, ".git", "info", "exclude"))
    excluded = {os.path.abspath(p) for p in exclude_abs}

    def walk(rel_dir, merged):
        abs_dir = os.path.join(src, rel_dir) if rel_dir else src
        if merge_kept:
            merged = _read_rules(os.path.join(abs_dir, merge_name), rel_dir) + merged
        rules = merged + tail_rules
        dst_dir = os.path.join(dst, rel_dir) if rel_dir else dst
        os.makedirs(dst_dir, exist_ok=True)
        try:
            entries = sorted(os.scandir(abs_dir), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
            if os.path.abspath(entry.path) in excluded:
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
            first = next((r for r in rules if r.matches(rel, is_dir)), None)
            if first is not None and not first.include:
                continue
            target = os.path.join(dst, rel)
            if entry.is_symlink():
                if os.path.lexists(target) and not os.path.isdir(target):
                    os.unlink(target)
                if not os.path.lexists(target):
                    os.symlink(os.readlink(entry.path), target)
            elif is_dir:
                walk(rel, merged)
            else:
                _copy_if_changed(entry, target)

    walk("", [])


def _copy_if_changed(entry, target):
    import shutil
    st = entry.stat(follow_symlinks=False)
    try:
        tst = os.stat(target, follow_symlinks=False)
        if tst.st_size == st.st_size and int(tst.st_mtime) == int(st.st_mtime):
            return  # rsync's quick check
        if os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target)
    except FileNotFoundError:
        pass
    shutil.copy2(entry.path, target, follow_symlinks=False)
