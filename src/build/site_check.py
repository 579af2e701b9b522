#!/usr/bin/env python3
"""Checks the generated site (phase site, after maven-site-plugin): the goals overview lists every goal of the
plugin descriptor and each goal page documents every one of its parameters. Standard library only."""

import argparse
import pathlib
import sys
import xml.etree.ElementTree as ET


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--descriptor", required=True, type=pathlib.Path)
    parser.add_argument("--site", required=True, type=pathlib.Path)
    args = parser.parse_args()
    problems = []
    overview = (args.site / "plugin-info.html").read_text(encoding="utf-8")
    mojos = ET.parse(args.descriptor).getroot().find("mojos")
    goals = 0
    parameters = 0
    for mojo in mojos.findall("mojo"):
        goal = mojo.findtext("goal")
        goals += 1
        page = args.site / (goal + "-mojo.html")
        if ("remote:" + goal) not in overview and (goal + "-mojo.html") not in overview:
            problems.append("plugin-info.html does not list the goal %s" % goal)
        if not page.is_file():
            problems.append("no goal page %s" % page.name)
            continue
        html = page.read_text(encoding="utf-8")
        for parameter in mojo.find("parameters").findall("parameter"):
            if parameter.findtext("editable") == "false":
                continue  # ${session}, ${project}: not settable, not documented
            name = parameter.findtext("name")
            parameters += 1
            if "&lt;%s&gt;" % name not in html:
                problems.append("%s does not document the parameter %s" % (page.name, name))
    for problem in problems:
        print("[site-check] " + problem, file=sys.stderr)
    if problems:
        return 1
    print("[site-check] %d goal pages document all %d parameters; plugin-info.html lists every goal"
          % (goals, parameters))
    return 0


if __name__ == "__main__":
    sys.exit(main())
