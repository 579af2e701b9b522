"""Workdir sync (docs/skypilot-facts.md#workdir-sync): rsync -a without --delete, with the
ignore files SkyPilot passes as rsync filters. The cases in
src/test/resources/sync-rules/vectors.json are the truth for what is copied; the build checks them
against a real rsync too."""

import os
import re


def _glob_to_regex(pat):
    out_, i = "", 0
    while i < len(pat):
        c = pat[i]
        if c == "*":
            if pat[i:i + 2] == "**":
                out_ += ".*"
                i += 2
                while i < len(pat) and pat[i] == "*":
                    i += 1
                continue
            out_ += "[^/]*"
        elif c == "?":
            out_ += "[^/]"
        elif c == "[":
            j = pat.find("]", i + 1)
            if j == -1:
                out_ += re.escape(c)
            else:
                cls = pat[i + 1:j]
                if cls.startswith("!"):
                    cls = "^" + cls[1:]
                out_ += "[" + cls + "]"
                i = j
        else:
            out_ += re.escape(c)
        i += 1
    return re.compile(out_ + r"\Z")


class _Rule:
    """One rsync exclude rule from an ignore file, relative to that file's dir."""

    def __init__(self, pattern, base):
        self.base = base  # relative dir of the ignore file ('' for the root)
        self.dir_only = pattern.endswith("/")
        pattern = pattern.rstrip("/")
        self.anchored = pattern.startswith("/")
        pattern = pattern.lstrip("/")
        self.full_path = self.anchored or "/" in pattern or "**" in pattern
        self.regex = _glob_to_regex(pattern)

    def matches(self, rel, is_dir):
        if self.dir_only and not is_dir:
            return False
        if self.base:
            if not rel.startswith(self.base + "/"):
                return False
            rel = rel[len(self.base) + 1:]
        if not self.full_path:
            return bool(self.regex.match(rel.rsplit("/", 1)[-1]))
        if self.anchored:
            return bool(self.regex.match(rel))
        # Unanchored patterns with a slash match any trailing run of components.
        comps = rel.split("/")
        return any(self.regex.match("/".join(comps[k:])) for k in range(len(comps)))


def _read_rules(path, base):
    rules = []
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            for line in f.read().splitlines():
                if not line or line[0] in "#;":
                    continue
                rules.append(_Rule(line, base))
    except OSError:
        pass
    return rules


def sync_workdir(src, dst, exclude_abs=()):
    """Merge src into dst the way `rsync -a --filter='dir-merge,- <ignore>'` does.
    exclude_abs: absolute paths never copied (the fake's own state dir, which would
    otherwise be copied into itself when it lives inside the workdir)."""
    src = os.path.abspath(src)
    use_skyignore = os.path.exists(os.path.join(src, ".skyignore"))
    merge_name = ".skyignore" if use_skyignore else ".gitignore"
    root_rules = []
    if not use_skyignore:
        root_rules += _read_rules(os.path.join(src, ".git", "info", "exclude"), "")
    excluded = {os.path.abspath(p) for p in exclude_abs}

    def walk(rel_dir, rules):
        abs_dir = os.path.join(src, rel_dir) if rel_dir else src
        rules = rules + _read_rules(os.path.join(abs_dir, merge_name), rel_dir)
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
            if any(r.matches(rel, is_dir) for r in rules):
                continue
            target = os.path.join(dst, rel)
            if entry.is_symlink():
                if os.path.lexists(target) and not os.path.isdir(target):
                    os.unlink(target)
                if not os.path.lexists(target):
                    os.symlink(os.readlink(entry.path), target)
            elif is_dir:
                walk(rel, rules)
            else:
                _copy_if_changed(entry, target)

    walk("", root_rules)


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
