"""How the production stack is started on this machine, in one place.

``scripts/prod-stack`` (``make prod``), its checks (``deploy/checks``,
``make stack-check``) and the benchmarks (``bench/throughput.py``,
``bench/service_faults.py``) start the stack or one of its app servers
with the arguments built here:

- ``prod_stack_start(state, instances=..., workers=...)``: ``scripts/prod-stack
  start`` from scratch in its own state directory, on free ports;
  ``prod_stack_stop(state)`` stops it;
- ``gunicorn_command(bin_dir)`` and ``gunicorn_environment(bind, workers)``:
  one app server as prod-stack runs each of its instances
  (``deploy/gunicorn.conf.py``, ``site_config.wsgi``), from the checkout's
  folder, where ``site_config`` is imported (it is not in the plugin's wheel).

Imported by path: ``sys.path`` gets this folder (scripts run from it have it
already).
"""

import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROD_STACK = ROOT / "scripts" / "prod-stack"
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
WSGI_APPLICATION = "site_config.wsgi"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prod_stack(command, state, *options, python=None):
    """``scripts/prod-stack <command> --state <state> <options>``."""
    return [
        str(python or sys.executable),
        str(PROD_STACK),
        command,
        "--state",
        str(state),
        *map(str, options),
    ]


def prod_stack_start(state, *, instances, workers=2, settings=None, python=None):
    """Start the whole stack afresh in ``state`` (database emptied, Redis
    flushed, demo publication loaded), every port chosen free."""
    options = ["--fresh", "--instances", instances, "--workers", workers]
    for port_option in ("--port", "--varnish-port", "--app-port", "--s3-port"):
        options += [port_option, 0]
    if settings:
        options += ["--settings", settings]
    return prod_stack("start", state, *options, python=python)


def prod_stack_stop(state, python=None):
    return prod_stack("stop", state, python=python)


def gunicorn_command(bin_dir):
    """One app server with the deployment's gunicorn settings."""
    return [
        str(Path(bin_dir) / "gunicorn"),
        "-c",
        str(GUNICORN_CONF),
        WSGI_APPLICATION,
    ]


def gunicorn_environment(bind, workers, **more):
    """The ``GUNICORN_*`` variables of ``deploy/gunicorn.conf.py``: ``bind``,
    ``workers`` and any other by its lowercase name (``access_log="-"``)."""
    env = {"GUNICORN_BIND": str(bind), "GUNICORN_WORKERS": str(workers)}
    env.update({f"GUNICORN_{name.upper()}": str(value) for name, value in more.items()})
    return env


def read_env_file(path):
    """The Django environment prod-stack writes in its state directory
    (``NAME='value'`` lines, as a shell sources them)."""
    env = {}
    for line in Path(path).read_text().splitlines():
        name, _, value = line.partition("=")
        env[name] = value[1:-1].replace("'\\''", "'")
    return env
