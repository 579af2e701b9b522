"""The task of exec and launch (docs/skypilot-facts.md#entrypoint): the entrypoint as a YAML task
(read with PyYAML, as SkyPilot does) or as a command, with the CLI's overrides."""

import os
import shlex
import sys

from .errors import Exit, SkyError, UsageError
from .output import CYAN, YELLOW, confirm, err, secho
from .resources import parse_accelerators


class YamlError(ValueError):
    """A task file PyYAML cannot read."""


def yaml_load_all(text, name="<file>"):
    """Every document of a task file, as SkyPilot's yaml_utils.safe_load_all reads it from the
    open file `name` (CSafeLoader when PyYAML has its C extension, else SafeLoader; errors name the
    file). Imported here: PyYAML takes longer to import than the rest of the fake, and most calls
    read no task file."""
    import io

    import yaml

    stream = io.StringIO(text)
    stream.name = name
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return list(yaml.load_all(stream, Loader=loader))
    except yaml.YAMLError as e:
        raise YamlError(str(e)) from None


def parse_dotenv(path):
    """python-dotenv's dotenv_values, simplified: a missing file gives {}."""
    result = {}
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return result
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        if "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        result[key.strip()] = value
    return result


def python_crash(exc_line):
    """An uncaught Python exception inside the click command: a full traceback."""
    err("Traceback (most recent call last):")
    err(f'  File "{os.path.abspath(sys.argv[0])}", line 8, in <module>')
    err("    sys.exit(cli())")
    err('  File "/opt/sky/lib/python3.11/site-packages/sky/client/cli/command.py", '
        "line 412, in _check_yaml_only")
    err("    shell_splits = shlex.split(entrypoint)")
    err('  File "/usr/lib/python3.11/shlex.py", line 313, in split')
    err("    return list(lex)")
    err(exc_line)
    raise Exit(1)


def make_task(words, values, field_to_ignore):
    """_make_task_or_dag_from_entrypoint_with_overrides: returns a dict describing the
    task (run, name, workdir, envs, secrets, gpus, yaml...)."""
    # Deprecated --cloud/--region/--zone (_handle_infra_cloud_region_zone_options),
    # checked before the entrypoint is looked at.
    legacy_infra = None
    if any(values.get(k) is not None for k in ("--cloud", "--region", "--zone")):
        secho("The --cloud, --region, and --zone options are deprecated. Use --infra instead.",
              fg=YELLOW)
        if values.get("--infra") is not None:
            raise SkyError("ValueError",
                           "Cannot specify both --infra and --cloud, --region, or --zone.")
        legacy_infra = "/".join(v for v in (values.get("--cloud"), values.get("--region"),
                                            values.get("--zone")) if v)
    if values.get("--git-url") is not None and values.get("--workdir") is not None:
        raise UsageError("Cannot specify both --git-url and --workdir")
    entrypoint = " ".join(words)
    try:
        splits = shlex.split(entrypoint)
    except ValueError as e:
        python_crash(f"ValueError: {e}")
    yaml_file_provided = len(splits) == 1 and (splits[0].endswith("yaml") or
                                               splits[0].endswith(".yml"))
    config, is_yaml = None, False
    if entrypoint:
        try:
            with open(entrypoint, encoding="utf-8") as f:
                text = f.read()
            try:
                docs = yaml_load_all(text, entrypoint)
                config = docs[0] if docs else {}
                is_yaml = isinstance(config, dict) or config is None
                if config is None:
                    config = {}
                if len([d for d in docs if d is not None]) > 1:
                    raise UsageError("YAML specifies a DAG, while this command supports a "
                                     "single task only.")
            except YamlError as e:
                if yaml_file_provided:
                    confirm(f"{entrypoint!r} looks like a yaml path but contains an invalid "
                            f"configuration. Please check syntax.\n\nYAML Error: {e}\n\n"
                            "It will be treated as a command to be run remotely. Continue?")
        except (OSError, UnicodeDecodeError):
            if yaml_file_provided:
                reason = ("does not exist. Please check if the path is correct."
                          if not os.path.exists(entrypoint) else
                          "is not a file. Please check if the path is correct.")
                confirm(f"{entrypoint!r} looks like a yaml path but {reason}\n"
                        "It will be treated as a command to be run remotely. Continue?")
    task = {"yaml_path": None, "yaml_text": None, "run": None, "setup": None,
            "name": "sky-cmd", "workdir": None, "num_nodes": 1, "envs": {}, "secrets": {},
            "accelerators": None, "use_spot": None, "infra": None, "accelerator_args": None}
    if is_yaml:
        secho("YAML to run: ", fg=CYAN, nl=False)
        secho(entrypoint)
        task["yaml_path"] = os.path.abspath(entrypoint)
        task["yaml_text"] = text
        res = config.get("resources") or {}
        task.update(run=config.get("run"), setup=config.get("setup"),
                    name=config.get("name") or "sky-cmd", workdir=config.get("workdir"),
                    num_nodes=config.get("num_nodes") or 1,
                    envs={k: "" if v is None else str(v) for k, v in (config.get("envs") or {}).items()},
                    secrets={k: "" if v is None else str(v)
                             for k, v in (config.get("secrets") or {}).items()},
                    accelerators=res.get("accelerators"), use_spot=res.get("use_spot"),
                    infra=res.get("infra"), accelerator_args=res.get("accelerator_args"))
    elif entrypoint:
        secho("Command to run: ", fg=CYAN, nl=False)
        secho(entrypoint)
        task["run"] = entrypoint

    if legacy_infra:
        task["infra"] = legacy_infra
    ignored = {"cpus": values.get("--cpus"), "memory": values.get("--memory"),
               "disk_size": values.get("--disk-size"), "disk_tier": values.get("--disk-tier"),
               "ports": tuple(values.get("--ports") or ()) or None,
               "local_disk": values.get("--local-disk")}
    for field in field_to_ignore:
        if ignored.get(field) is not None:
            secho(f"Override param {field}={ignored[field]} is ignored.", fg=YELLOW)

    # Overrides: env-file < env, secret-file < secret; CLI over YAML.
    task["envs"].update(values.get("--env-file") or {})
    task["envs"].update(dict(values.get("--env") or []))
    task["secrets"].update(values.get("--secret-file") or {})
    task["secrets"].update(dict(values.get("--secret") or []))
    for key in ("--workdir", "--infra"):
        if values.get(key) is not None:
            task[key[2:]] = values[key]
    if values.get("--gpus") is not None:
        task["accelerators"] = values["--gpus"]
    if values.get("--use-spot") is not None:
        task["use_spot"] = values["--use-spot"]
    if values.get("--num-nodes") is not None:
        task["num_nodes"] = values["--num-nodes"]
    if values.get("--name") is not None:
        task["name"] = values["--name"]
    if task["workdir"] is not None:
        task["workdir"] = os.path.abspath(os.path.expanduser(str(task["workdir"])))
    # May raise ValueError (docs/skypilot-facts.md#accelerators).
    task["gpus"] = parse_accelerators(task["accelerators"])
    return task
