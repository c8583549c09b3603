"""Benchmark: the site under gunicorn while its Redis cache fails.

Builds a throw-away SQLite database with the demo publication, starts a
private redis-server and gunicorn (2 sync workers, REDIS_URL on that server),
then has C clients read pages and the APIs for S seconds in each phase:
Redis up, killed, started again, suspended (SIGSTOP), resumed. Prints, per
phase, the requests answered, their statuses and the median, 95th percentile
and slowest times. Needs gunicorn (``pip install ".[production]"``).

    .venv/bin/python bench/service_faults.py [--clients 8] [--seconds 6]
"""

import argparse
import collections
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))

from local_stack import free_port, gunicorn_command, gunicorn_environment  # noqa: E402


def wait_for(url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise SystemExit(f"{url} never answered")


def fetch(url):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = "error"
    return status, time.perf_counter() - started


def load(base, paths, clients, seconds):
    statuses = collections.Counter()
    times = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset):
        index = offset
        while time.monotonic() < stop:
            status, elapsed = fetch(base + paths[index % len(paths)])
            index += 1
            with lock:
                statuses[status] += 1
                times.append(elapsed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=6)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="pressroom-faults-"))
    redis_port, web_port = free_port(), free_port()
    # The production settings, as gunicorn would run them behind a proxy.
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        BASE_URL=f"http://127.0.0.1:{web_port}",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]

    def start_redis():
        return subprocess.Popen(
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )

    redis_server = start_redis()
    print("Building the demo publication…", flush=True)
    for command in (
        ["migrate", "--noinput"],
        ["load_demo_publication"],
        ["collectstatic", "--noinput"],
    ):
        subprocess.run(
            [*manage, *command], env=environment, check=True, stdout=subprocess.DEVNULL
        )
    gunicorn_log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    # An app server as the production stack runs one (deploy/gunicorn.conf.py).
    gunicorn = subprocess.Popen(
        gunicorn_command(BIN),
        env={
            **environment,
            **gunicorn_environment(
                f"127.0.0.1:{web_port}", 2, log_level="warning", access_log=os.devnull
            ),
        },
        cwd=ROOT,
        stderr=gunicorn_log,
    )
    base = f"http://127.0.0.1:{web_port}"
    try:
        wait_for(base + "/")
        with urllib.request.urlopen(
            base + "/api/v2/pages/?type=articles.ArticlePage&limit=3"
        ) as response:
            articles = json.load(response)["items"]
        paths = ["/", "/api/v2/pages/", "/api/v3/content/"]
        paths += [urlsplit(article["meta"]["html_url"]).path for article in articles]

        def phase(name):
            statuses, times = load(base, paths, args.clients, args.seconds)
            times_ms = sorted(t * 1000 for t in times)
            p95 = times_ms[int(len(times_ms) * 0.95) - 1] if times_ms else 0
            print(
                f"{name:<28} {len(times):>6} {dict(statuses)!s:<28} "
                f"{statistics.median(times_ms):>8.1f} {p95:>8.1f} {times_ms[-1]:>8.1f}",
                flush=True,
            )

        print(
            f"{args.clients} clients, {args.seconds:g} s per phase, 2 gunicorn workers"
        )
        print(
            f"{'phase':<28} {'answers':>6} {'statuses':<28} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'max ms':>8}"
        )
        phase("Redis up")
        redis_server.kill()
        redis_server.wait()
        phase("Redis stopped")
        redis_server = start_redis()
        time.sleep(0.5)
        phase("Redis started again")
        os.kill(redis_server.pid, signal.SIGSTOP)
        phase("Redis hung (SIGSTOP)")
        os.kill(redis_server.pid, signal.SIGCONT)
        phase("Redis resumed")
    finally:
        gunicorn.terminate()
        gunicorn.wait()
        gunicorn_log.close()
        redis_server.kill()
        redis_server.wait()
    log = (workdir / "gunicorn.log").read_text()
    print(
        f"gunicorn log: {log.count('Redis cache')} lines about the cache, "
        f"{log.count('Traceback')} tracebacks"
    )


if __name__ == "__main__":
    main()
