"""Fake SkyPilot `sky` CLI (version 0.14.1) for the remote-maven-plugin tests.

It imitates the parts of the real client that the plugin relies on: click's option parsing and
error texts, the output lines and ANSI colours of exec/launch/logs, the exit codes
(0/1/2/100/101/102/103), and a cluster whose jobs really run, detached from the client, as on a
real cluster. Facts come from docs/skypilot-facts.md (anchors in comments) and from SkyPilot's
sources where that file is silent.

Modules, by concern:
  cli          the top-level group, command dispatch, exit codes of errors
  options      the option tables of every command (checked against the real click commands)
  parser       click-like parsing, help and usage errors
  output       printing, colours, tables, prompts
  errors       the exceptions that end a command
  state        the state dir: paths, locks, atomic JSON, calls.log, cluster records
  resources    resources display and the accelerator grammar
  task         the entrypoint as a YAML task (PyYAML) or a command, with CLI overrides
  sync         the workdir sync with SkyPilot's rsync filter rules
  procs        process liveness and the daemon double fork
  jobs         job ids, the detached job runner, the log tail
  cmd_run      exec and launch
  cmd_cluster  down, stop, start, autostop, status
  cmd_jobs     queue, logs, cancel
  managed      managed jobs: records, the jobs controller, following a job, the queue table
  cmd_managed  jobs launch, jobs queue, jobs logs, jobs cancel
  api_server   the local API server daemon
  faults       FAKE_SKY_FAULT* injection

`src/it/fake-bin/sky` runs __main__.py with $FAKE_SKY_PYTHON (else python3), which needs PyYAML.
State lives in $FAKE_SKY_HOME, else $PWD/.fake-sky; see README.md next to this package for the
layout and every FAKE_* knob.
"""

import os

VERSION = "0.14.1"
COMMIT = "fake0000000000000000000000000000000000000"

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
# The executable the plugin runs (shown where the real CLI shows its own path) and the script it
# runs, which the API server is started with.
SKY_ENTRY = os.path.join(os.path.dirname(PACKAGE_DIR), "sky")
MAIN_SCRIPT = os.path.join(PACKAGE_DIR, "__main__.py")
