"""A click-like parser for `sky <cmd> ...`: option spellings, values, positional arguments, help,
and click 8.1's error texts (docs/skypilot-facts.md#cli-basics)."""

import difflib
import os

from .errors import Exit, UsageError
from .options import ARGUMENTS, COMMAND_HELP, OPTIONS
from .output import err, out
from .task import parse_dotenv


def usage_line(cmd):
    if cmd is None:
        return "Usage: sky [OPTIONS] COMMAND [ARGS]..."
    parts = []
    for metavar, required, nargs, _ in ARGUMENTS[cmd]:
        m = metavar if required else f"[{metavar}]"
        parts.append(m + ("..." if nargs == -1 else ""))
    return f"Usage: sky {cmd} [OPTIONS] " + " ".join(parts)


def print_usage_error(cmd, e):
    if e.show_usage:
        err(usage_line(cmd))
        err(f"Try 'sky{' ' + cmd if cmd else ''} -h' for help.")
        err()
    err(f"Error: {e.message}")


def all_names(o):
    return o["names"] + o["off"]


def _param_hint(o):
    return " / ".join(repr(n) for n in o["names"])


def parse_command(cmd, argv):
    """Parse argv like click does for `sky <cmd>`. Returns (values, positionals)."""
    table = OPTIONS[cmd]
    by_name = {}
    for o in table.values():
        for n in all_names(o):
            by_name[n] = o
    long_names = [n for n in by_name if len(n) > 2]
    rargs = list(argv)
    largs, seen, want_help = [], [], False

    def take_value(name):
        if not rargs:
            raise UsageError(f"Option {name!r} requires an argument.", show_usage=False)
        return rargs.pop(0)

    while rargs:
        arg = rargs.pop(0)
        if arg == "--":
            largs.extend(rargs)
            break
        if not (arg[:1] == "-" and len(arg) > 1):
            largs.append(arg)  # click allows interspersed positionals
            continue
        name, explicit = (arg.split("=", 1) + [None])[:2] if "=" in arg else (arg, None)
        if name in ("-h", "--help") and explicit is None:
            want_help = True
            continue
        if name in by_name and len(name) > 2:
            o = by_name[name]
            if o["type"] != "flag":
                if explicit is not None:
                    rargs.insert(0, explicit)
                seen.append((o, name, take_value(name)))
            elif explicit is not None:
                raise UsageError(f"Option {name!r} does not take a value.", show_usage=False)
            else:
                seen.append((o, name, name not in o["off"]))
            continue
        if arg[:2] == "--":
            raise UsageError(no_such_option(name, difflib.get_close_matches(name, long_names)))
        # Short options, possibly combined (-ya) or with an attached value (-i5).
        i = 1
        while i < len(arg):
            short = "-" + arg[i]
            i += 1
            if short == "-h":
                want_help = True
                continue
            o = by_name.get(short)
            if o is None:
                raise UsageError(no_such_option(short, []))
            if o["type"] == "flag":
                seen.append((o, short, short not in o["off"]))
                continue
            if i < len(arg):
                seen.append((o, short, arg[i:]))
            else:
                seen.append((o, short, take_value(short)))
            break
    if want_help:
        out(render_help(cmd))
        raise Exit(0)

    values = {}
    for o, _name, raw in seen:
        key = _canonical(o)
        value = _convert(o, raw)
        if o["multiple"]:
            values.setdefault(key, []).append(value)
        else:
            values[key] = value
    for key, o in table.items():
        values.setdefault(key, [] if o["multiple"] else None)
    return values, _assign_arguments(cmd, largs)


def _canonical(o):
    return next(n for n in o["names"] if n.startswith("--"))


def no_such_option(name, possibilities):
    # click 8.1 wording, as SkyPilot 0.14.1 pins click<8.2 (checked against the real CLI by
    # src/build/sky_conformance.py drift); FAKE_SKY_CLICK=8.2 gives the newer "No such option '-y'.".
    if os.environ.get("FAKE_SKY_CLICK") != "8.2":
        msg = f"No such option: {name}"
        if possibilities:
            msg += (f" Did you mean {possibilities[0]}?" if len(possibilities) == 1 else
                    f" (Possible options: {', '.join(sorted(possibilities))})")
        return msg
    msg = f"No such option {name!r}."
    if len(possibilities) == 1:
        msg += f" Did you mean {possibilities[0]!r}?"
    elif possibilities:
        msg += " (Did you mean one of: " + ", ".join(repr(p) for p in sorted(possibilities)) + "?)"
    return msg


def _convert(o, raw):
    t = o["type"]
    if t == "flag" or t == "str":
        return raw
    if t == "int":
        try:
            return int(raw)
        except ValueError:
            raise UsageError(f"Invalid value for {_param_hint(o)}: {raw!r} is not a valid integer.")
    if t == "choice":
        for c in o["choices"]:
            if raw.lower() == c.lower():
                return c
        choices = ", ".join(repr(c) for c in o["choices"])
        raise UsageError(f"Invalid value for {_param_hint(o)}: {raw!r} is not one of {choices}.")
    if t == "dir":
        # click.Path(exists=True, file_okay=False)
        if not os.path.exists(raw):
            raise UsageError(f"Invalid value for {_param_hint(o)}: Directory {raw!r} does not exist.")
        if not os.path.isdir(raw):
            raise UsageError(f"Invalid value for {_param_hint(o)}: Directory {raw!r} is a file.")
        return raw
    if t == "env":
        # flags._parse_env_var / _parse_secret_var: a bare KEY takes the local value.
        if "=" not in raw:
            value = os.environ.get(raw)
            if value is None:
                raise UsageError(f"{raw} is not set in local environment.")
            return (raw, value)
        key, value = raw.split("=", 1)
        return (key, value)
    if t == "dotenv":
        return parse_dotenv(raw)
    raise AssertionError(t)


def _assign_arguments(cmd, largs):
    result = {}
    rest = list(largs)
    specs = ARGUMENTS[cmd]
    for idx, (metavar, required, nargs, type_) in enumerate(specs):
        if nargs == 1:
            if rest:
                result[metavar] = rest.pop(0)
            elif required:
                raise UsageError(f"Missing argument {metavar!r}.")
            else:
                result[metavar] = None
        else:
            vals = rest
            rest = []
            if type_ == "int":
                conv = []
                for v in vals:
                    try:
                        conv.append(int(v))
                    except ValueError:
                        raise UsageError(
                            f"Invalid value for '[{metavar}]...': {v!r} is not a valid integer.")
                vals = conv
            result[metavar] = vals
    if rest:
        raise UsageError(f"Got unexpected extra argument{'s' if len(rest) > 1 else ''} "
                         f"({' '.join(rest)})")
    return result


def render_help(cmd):
    lines = [usage_line(cmd), "", f"  {COMMAND_HELP[cmd]}", "", "Options:"]
    rows = []
    for o in OPTIONS[cmd].values():
        if o["hidden"]:
            continue
        names = sorted(o["names"], key=lambda n: len(n) - len(n.lstrip("-")))
        left = ", ".join(names)
        if o["off"]:
            left += " / " + ", ".join(o["off"])
        metavar = {"str": "TEXT", "int": "INTEGER", "dir": "DIRECTORY", "env": "TEXT",
                   "dotenv": "DOTENV_VALUES", "flag": ""}.get(o["type"])
        if o["type"] == "choice":
            metavar = "[" + "|".join(o["choices"]) + "]"
        rows.append((left + (" " + metavar if metavar else ""), o["help"]))
    rows.append(("-h, --help", "Show this message and exit."))
    for left, text in rows:
        if len(left) <= 30:
            lines.append(f"  {left:<30}  {text}".rstrip())
        else:
            lines.append(f"  {left}")
            lines.append(f"{'':34}{text}")
    return "\n".join(lines)


def render_group_help():
    lines = [usage_line(None), "", "Options:",
             "  -v, --version  Show the version and exit.",
             "  -c, --commit   Show the commit hash and exit",
             "  -h, --help     Show this message and exit.", "", "Commands:"]
    for name in ["launch", "exec", "status", "queue", "logs", "cancel", "stop", "start",
                 "down", "autostop"]:
        lines.append(f"  {name:<10} {COMMAND_HELP[name]}")
    return "\n".join(lines)
