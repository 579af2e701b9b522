"""Cluster resources as SkyPilot shows them, and the accelerator grammar of --gpus
(docs/skypilot-facts.md#accelerators)."""

import os

from .errors import SkyError


def infra_cloud_region(infra, accelerators=None):
    """Split --infra into (cloud display name, region); k8s is normalised to kubernetes."""
    if not infra:
        if accelerators and "tpu" in str(accelerators).lower():
            return "GCP", None
        return "Kubernetes", None
    parts = infra.split("/")
    cloud = parts[0].lower()
    names = {"k8s": "Kubernetes", "kubernetes": "Kubernetes", "aws": "AWS", "gcp": "GCP",
             "azure": "Azure", "ssh": "SSH", "lambda": "Lambda", "runpod": "RunPod",
             "nebius": "Nebius", "oci": "OCI"}
    region = parts[1] if len(parts) > 1 and parts[1] != "*" else None
    return names.get(cloud, parts[0]), region


def resources_str(rec):
    parts = []
    if rec.get("accelerators"):
        parts.append(f"gpus={rec['accelerators']}")
    parts += ["cpus=4", "mem=16", "disk=256"]
    return f"{rec.get('num_nodes') or 1}x({', '.join(parts)})"


def status_json_record(rec):
    cloud, region = infra_cloud_region(rec.get("infra"), rec.get("accelerators"))
    rs = resources_str(rec)
    return {
        "name": rec["name"], "launched_at": rec["launched_at"], "last_use": rec.get("last_use"),
        "status": rec["status"], "autostop": rec["autostop"], "to_down": bool(rec["to_down"]),
        "owner": None, "metadata": {}, "cluster_hash": rec.get("cluster_hash", "fakehash"),
        "cluster_ever_up": rec["status"] != "INIT", "status_updated_at": rec["launched_at"],
        "user_hash": "fakeuser", "user_name": os.environ.get("USER", "user"),
        "config_hash": None, "workspace": "default",
        "last_creation_yaml": rec["last_creation_yaml"],
        "last_creation_command": rec["last_creation_command"], "is_managed": False,
        "last_event": None, "resources_str": rs, "resources_str_full": rs,
        "nodes": rec.get("num_nodes") or 1, "cloud": cloud, "region": region,
        "cpus": "4", "memory": "16", "accelerators": rec.get("accelerators"), "labels": {},
        "cluster_name_on_cloud": rec["name"] + "-fake", "node_names": None, "priority": None,
        "priority_class": None, "use_spot": bool(rec.get("use_spot")), "infra": rec.get("infra"),
        "num_nodes": rec.get("num_nodes") or 1,
    }


KNOWN_ACCELERATORS = ["A10", "A10G", "A100", "A100-80GB", "H100", "H100-SXM", "H200", "L4",
                      "L40S", "T4", "V100", "V100-32GB", "B200", "GH200", "RTX4090", "K80", "P100"]


def parse_accelerators(value):
    """Resources._set_accelerators for a str: NAME or NAME:COUNT. Returns (name, count)
    or None for none/empty; raises the SkyPilot ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set)):  # YAML-only list/set: take the first
        value = next(iter(value), None)
        if value is None:
            return None
    if isinstance(value, dict):
        if not value:
            return None
        (name, count), = list(value.items())[:1]
        value = f"{name}:{count}"
    value = str(value)
    if value.lower() == "none" or not value:
        return None
    if ":" not in value:
        name, count = value, 1
    else:
        splits = value.split(":")
        parse_error = ('The "accelerators" field as a str should be <name> or <name>:<cnt>. '
                       f"Found: {value!r}")
        if len(splits) != 2:
            raise SkyError("ValueError", parse_error)
        try:
            num = float(splits[1])
            count = int(num) if num.is_integer() else num
        except ValueError:
            raise SkyError("ValueError", parse_error) from None
        name = splits[0]
    if "tpu" in name.lower():
        name = name.lower()
    else:
        name = next((k for k in KNOWN_ACCELERATORS if k.lower() == name.lower()), name)
    return name, count


def acc_str(acc):
    return None if acc is None else f"{acc[0]}:{acc[1]}"


def task_resources(task):
    cloud, _ = infra_cloud_region(task["infra"], task["accelerators"])
    acc = task["gpus"]
    inner = f"{{{acc[0]!r}: {acc[1]}}}" if acc else "cpus=4+"
    return f"{task['num_nodes'] or 1}x {cloud}({inner})"
