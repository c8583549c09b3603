"""Benchmark: requests per second under gunicorn, Django's page cache and Varnish.

Starts the production stack (scripts/prod-stack: PostgreSQL, Redis, the
demo publication, one gunicorn instance with 2 sync workers behind Varnish
and nginx) in its own state directory on free ports, plus a second gunicorn
(2 sync workers, same settings and database) with Django's page cache off
(``PRESSROOM_PAGE_CACHE=false``), then measures with wrk
(``wrk -t2 -c16 -d10s``; Debian's ``wrk``, installed when missing, as root):

- ``/healthz/`` on gunicorn: a trivial Django view (one ``SELECT 1``, one
  cache write and read): the ceiling of a Django request here;
- an article page on gunicorn without the page cache (rendered each time);
- the same page on gunicorn with the page cache (after the first request);
- the same page from Varnish (a hit), and through nginx (TLS) then Varnish;

then prints req/s and the gunicorn workers' resident memory.

    .venv/bin/python bench/throughput.py [--duration 10] [--connections 16]

DATABASE_URL (default pressroom_bench on the local server) and REDIS_URL
(default db 4) choose the services; the database is emptied first.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))

from local_stack import (  # noqa: E402
    free_port,
    gunicorn_command,
    gunicorn_environment,
    prod_stack_start,
    prod_stack_stop,
    read_env_file,
)


def ensure_wrk():
    if shutil.which("wrk"):
        return shutil.which("wrk")
    if os.geteuid() != 0:
        raise SystemExit("wrk is missing: apt-get install wrk")
    print("installing Debian's wrk", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk")


def get(url, headers=None, context=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30, context=context) as response:
        return response.status, response.headers, response.read()


def wrk(binary, url, args, headers=()):
    command = [
        binary,
        "-t2",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--latency",
    ]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    latency = re.search(r"50%\s+([\d.]+\w+)", output)
    return (
        rate,
        int(non_2xx.group(1)) if non_2xx else 0,
        latency.group(1) if latency else "?",
    )


def children(pid):
    try:
        return [
            int(child)
            for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="leave the stack running")
    parser.add_argument(
        "--settings",
        default="site_config.settings.production",
        help="Django settings module of the app servers",
    )
    args = parser.parse_args()
    binary = ensure_wrk()

    state = Path(tempfile.mkdtemp(prefix="pressroom-bench-")) / "state"
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pressroom_bench"
        ),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4"),
    }
    subprocess.run(
        prod_stack_start(state, instances=1, workers=2, settings=args.settings),
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    uncached = None
    try:
        found = json.loads((state / "stack.json").read_text())
        django_env = read_env_file(state / "env")
        app = f"http://127.0.0.1:{found['app']}"
        varnish = f"http://127.0.0.1:{found['varnish']}"
        site = f"https://127.0.0.1:{found['https']}"
        host = f"127.0.0.1:{found['https']}"

        # The same app server with Django's page cache off.
        uncached_port = free_port()
        uncached = subprocess.Popen(
            gunicorn_command(BIN),
            cwd=ROOT,
            env={
                **os.environ,
                **django_env,
                "PRESSROOM_PAGE_CACHE": "false",
                **gunicorn_environment(
                    f"127.0.0.1:{uncached_port}", 2, access_log=os.devnull
                ),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"http://127.0.0.1:{uncached_port}/healthz/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

        listing = json.loads(
            get(
                f"{app}/api/v2/pages/?type=articles.ArticlePage&limit=1",
                {"X-Forwarded-Proto": "https", "Host": host},
            )[2]
        )
        path = "/" + listing["items"][0]["meta"]["html_url"].split("/", 3)[3]
        proxied = ("X-Forwarded-Proto: https", f"Host: {host}")

        _, headers, _ = get(app + path, dict(h.split(": ") for h in proxied))
        marked = "s-maxage" in headers.get("Cache-Control", "")
        for _ in range(2):
            get(varnish + path, dict(h.split(": ") for h in proxied))
        _, vheaders, _ = get(varnish + path, dict(h.split(": ") for h in proxied))

        print(
            f"\nArticle {path}; wrk -t2 -c{args.connections} -d{args.duration}s; "
            f"2 sync workers per gunicorn; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} CPUs\n"
        )
        if not marked:
            print(
                "note: Django sent no s-maxage (no page cache in this build): "
                "the cached rows measure rendering and Varnish passes.\n"
            )
        rows = [
            ("trivial view (/healthz/), gunicorn", app + "/healthz/", ()),
            (
                "article, uncached (page cache off), gunicorn",
                f"http://127.0.0.1:{uncached_port}{path}",
                proxied,
            ),
            ("article, Django page cache, gunicorn", app + path, proxied),
            (
                f"article, Varnish ({vheaders.get('X-Cache')} on 3rd read)",
                varnish + path,
                proxied,
            ),
            ("article, nginx (TLS) + Varnish", site + path, ()),
        ]
        print(f"{'':48} {'req/s':>9} {'median':>9} {'non-2xx':>8}")
        for label, url, headers in rows:
            rate, non_2xx, median = wrk(binary, url, args, headers)
            print(f"{label:48} {rate:9.0f} {median:>9} {non_2xx:8}", flush=True)

        print("\ngunicorn workers' resident memory after the runs:")
        master = int((state / "gunicorn-1.pid").read_text())
        for name, pid in (("page cache on", master), ("page cache off", uncached.pid)):
            sizes = [rss_mb(child) for child in children(pid)]
            print(f"  {name:15} " + ", ".join(f"{size:.0f} MB" for size in sizes))
    finally:
        if uncached is not None:
            uncached.send_signal(signal.SIGTERM)
            uncached.wait(30)
        if not args.keep:
            subprocess.run(prod_stack_stop(state), env=env, stdout=subprocess.DEVNULL)
            shutil.rmtree(state.parent, ignore_errors=True)
        else:
            print(f"\nstack left running: scripts/prod-stack stop --state {state}")


if __name__ == "__main__":
    main()
