"""What the fake prints. Logger lines are coloured even when piped (colorama,
docs/skypilot-facts.md#output-lines); click.secho lines are coloured only on a terminal, as click
strips ANSI codes when stdout is not a tty."""

import re
import sys
import time
import uuid

from .errors import Abort

RESET, BRIGHT, DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
RED, GREEN, YELLOW, BLUE, CYAN = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[34m", "\x1b[36m"
INDENT = f"{DIM}├── {RESET}"
INDENT_LAST = f"{DIM}└── {RESET}"


def enc(text):
    # surrogateescape: argv bytes that are not UTF-8 are echoed back unchanged.
    return text.encode("utf-8", "surrogateescape")


def out_bytes(data, stream=None):
    stream = stream or sys.stdout.buffer
    stream.write(data)
    stream.flush()


def out(text="", nl=True):
    out_bytes(enc(text + ("\n" if nl else "")))


def err(text="", nl=True):
    out_bytes(enc(text + ("\n" if nl else "")), sys.stderr.buffer)


def secho(text, fg=None, nl=True):
    """click.secho: the style is dropped when stdout is not a terminal."""
    if fg and sys.stdout.isatty():
        text = f"{fg}{text}{RESET}"
    out(text, nl=nl)


def starting(msg):
    return f"{RESET}⚙︎ {msg}"


def finishing(msg, hint=None):
    line = f"{RESET}{GREEN}✓ {msg}{RESET}{RESET}"
    return f"{line}  {DIM}{hint}{RESET}" if hint else line


def readable_ago(ts):
    if not ts:
        return "-"
    secs = max(0, int(time.time() - ts))
    if secs < 60:
        return "a few secs ago"
    mins = secs // 60
    if mins < 60:
        return f"{mins} min{'s' if mins > 1 else ''} ago"
    hrs = mins // 60
    if hrs < 24:
        return f"{hrs} hr{'s' if hrs > 1 else ''} ago"
    return f"{hrs // 24} day{'s' if hrs >= 48 else ''} ago"


def table_lines(header, rows):
    """prettytable with border=False, left aligned, 2 spaces of right padding."""
    widths = [max(len(strip_ansi(str(r[i]))) for r in [header] + rows) for i in range(len(header))]
    lines = []
    for r in [header] + rows:
        lines.append("".join(str(c) + " " * (widths[i] - len(strip_ansi(str(c))) + 2)
                             for i, c in enumerate(r)))
    return lines


def strip_ansi(s):
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", s)


def print_async(request_name):
    request_id = str(uuid.uuid4())
    out(f"{YELLOW}Submitted {request_name} request: {request_id}{RESET}")
    out(f"{DIM}Check logs with: sky api logs {request_id[:8]}{RESET}")
    out(f"{DIM}Or, visit: http://127.0.0.1:46580/api/stream?request_id={request_id[:8]}{RESET}")
    out(f"{DIM}To cancel the request, run: sky api cancel {request_id[:8]}{RESET}")


def confirm(prompt):
    """click.confirm(default=True, abort=True): EOF or 'n' aborts."""
    out(f"{prompt} [Y/n]:", nl=False)
    try:
        answer = input(" ").strip().lower()
    except (EOFError, KeyboardInterrupt):
        raise Abort() from None
    if answer in ("", "y", "yes"):
        return
    raise Abort()
