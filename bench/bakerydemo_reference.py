"""Benchmark reference: bakerydemo's blog posts, measured like the seed article.

Issue 11 sets the seed article's goal against Wagtail's reference demo: at
most half the cost of bakerydemo's blog post. This script makes that figure
reproducible on the same machine, the same Python and the same Wagtail and
Django as Pressroom's virtualenv:

1. checks out bakerydemo (``--source``, a git URL or a local clone, at
   ``--commit``) into ``--dir``;
2. makes a virtualenv there with the Wagtail and Django versions installed
   in the running interpreter (Pressroom's ``.venv``) and bakerydemo's other
   base requirements (its own Wagtail and Django pins are replaced), plus
   whitenoise for its production settings;
3. builds its SQLite database with ``migrate``, ``load_initial_data`` and
   ``collectstatic`` (production settings: ``DEBUG = False``, so Django's
   cached template loader, as in Pressroom's bench);
4. in a fresh process (``django.setup()``, Django's test ``Client``, no test
   instrumentation of the templates), renders every live blog post 5 times
   to warm up, then prints each post's queries and the median wall-clock and
   CPU milliseconds (``time.process_time``) of ``--repeat`` renders;
5. with ``--callgrind N``, renders every blog post N times under valgrind's
   callgrind after the same warm-up and prints the instructions executed per
   render (start-up and warm-up not counted): the figure that does not move
   with the machine's load. ``bench/seed_article.py --callgrind N`` counts
   the seed article the same way.

    .venv/bin/python bench/bakerydemo_reference.py [--dir /tmp/bakerydemo-ref]
        [--source https://github.com/wagtail/bakerydemo.git] [--commit SHA]
        [--repeat 30] [--callgrind 5]

The first run takes several minutes (install, migrations, demo data); later
runs reuse ``--dir``. Nothing here imports Pressroom: the worker parts run in
bakerydemo's own virtualenv.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# bakerydemo's main branch when this reference was first measured (it pins
# Wagtail 7.4 and Django 6.0; it runs unchanged on Wagtail 8.0 / Django 6.1).
DEFAULT_COMMIT = "8e2b625"
DEFAULT_SOURCE = "https://github.com/wagtail/bakerydemo.git"
SETTINGS = "bakerydemo.settings.production"


def bakery_env(directory):
    """Environment of bakerydemo's commands: production settings, SQLite in
    ``directory``, no HTTPS redirect (the test client speaks plain HTTP)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DJANGO_SECRET_KEY": "bench-only-key",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "PYTHONPATH": str(directory / "src"),
        # Its own settings module may read these; keep Pressroom's out.
        "REDIS_URL": "",
        "PYTHONWARNINGS": "ignore",
    }


def run(cmd, **kwargs):
    print("$", " ".join(str(part) for part in cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def prepare(directory, source, commit):
    """Check out bakerydemo, install it and load its demo data (once)."""
    from importlib.metadata import version

    src, venv = directory / "src", directory / "venv"
    python = venv / "bin" / "python"
    if not (src / "manage.py").exists():
        run(["git", "clone", "--quiet", source, str(src)])
        run(["git", "-C", str(src), "checkout", "--quiet", commit])
    if not python.exists():
        run([sys._base_executable, "-m", "venv", str(venv)])
        wagtail, django = version("wagtail"), version("Django")
        requirements = [f"wagtail=={wagtail}", f"Django=={django}"]
        for line in (src / "requirements" / "base.txt").read_text().splitlines():
            line = line.split("#")[0].strip()
            name = line.split(">")[0].split("<")[0].split("=")[0].strip().lower()
            if line and not line.startswith("-") and name not in {"wagtail", "django"}:
                requirements.append(line)
        requirements.append("whitenoise>=6.11,<7")  # its production settings
        run([str(python), "-m", "pip", "install", "--quiet", *requirements])
    env = bakery_env(directory)
    if not (directory / "db.sqlite3").exists():
        manage = [str(python), str(src / "manage.py")]
        run([*manage, "migrate", "--verbosity", "0"], env=env, cwd=src)
        run([*manage, "load_initial_data"], env=env, cwd=src)
        run(
            [*manage, "collectstatic", "--noinput", "--verbosity", "0"],
            env=env,
            cwd=src,
        )
    return python, env


def blog_posts():
    from bakerydemo.blog.models import BlogPage

    return [page.url for page in BlogPage.objects.live().order_by("pk")]


def worker(repeat):
    """In bakerydemo's virtualenv: each blog post's queries and median render
    times, after a warm-up."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    urls = blog_posts()
    for _ in range(5):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    all_cpu, all_wall = [], []
    print(
        f"{'blog post':34} {'queries':>7} {'median ms':>9} {'CPU ms':>7} {'bytes':>7}"
    )
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        count = len(queries)  # read now: later requests reset the log
        wall, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start) * 1000)
        all_cpu += cpu
        all_wall += wall
        print(
            f"{url:34} {count:7d} {statistics.median(wall):9.1f} "
            f"{statistics.median(cpu):7.1f} {len(response.content):7d}"
        )
    print(
        f"{'all blog posts':34} {'':7} {statistics.median(all_wall):9.1f} "
        f"{statistics.median(all_cpu):7.1f}"
    )


def callgrind_worker(rounds):
    """Under ``valgrind --tool=callgrind --instr-atstart=no``: render every
    blog post ``rounds`` times with the instrumentation on, after a warm-up
    with it off."""
    import django

    django.setup()
    from django.test import Client

    client = Client()
    urls = blog_posts()
    for _ in range(5):
        for url in urls:
            assert client.get(url).status_code == 200
    control = ["callgrind_control", "-i"]
    subprocess.run([*control, "on", str(os.getpid())], check=True, capture_output=True)
    for _ in range(rounds):
        for url in urls:
            client.get(url)
    subprocess.run([*control, "off", str(os.getpid())], check=True, capture_output=True)
    print(f"renders: {rounds * len(urls)}")


def callgrind(python, env, src, rounds):
    if not shutil.which("valgrind") or not shutil.which("callgrind_control"):
        print("callgrind: skipped (valgrind not installed: apt-get install valgrind)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        answer = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={out}",
                str(python),
                __file__,
                "--callgrind-worker",
                str(rounds),
            ],
            env=env,
            cwd=src,
            check=True,
            capture_output=True,
            text=True,
        )
        renders = int(answer.stdout.split("renders:")[1].split()[0])
        for line in out.read_text().splitlines():
            if line.startswith("totals:"):
                total = int(line.split()[1])
                print(
                    f"bakerydemo blog post: {total / renders / 1e6:.1f} million "
                    f"instructions per render (callgrind, {renders} renders)"
                )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default="/tmp/bakerydemo-ref", type=Path)
    parser.add_argument("--source", default=DEFAULT_SOURCE)
    parser.add_argument("--commit", default=DEFAULT_COMMIT)
    parser.add_argument("--repeat", type=int, default=30, help="timed renders per post")
    parser.add_argument(
        "--callgrind",
        type=int,
        default=0,
        metavar="N",
        help="instructions per render over N renders of each post (0: skip)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--callgrind-worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.repeat)
        return
    if args.callgrind_worker:
        callgrind_worker(args.callgrind_worker)
        return

    directory = args.dir.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    python, env = prepare(directory, args.source, args.commit)
    src = directory / "src"
    versions = subprocess.run(
        [
            str(python),
            "-c",
            "import django, wagtail; print(wagtail.__version__, django.__version__)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    commit = subprocess.run(
        ["git", "-C", str(src), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(
        f"bakerydemo {commit}, Wagtail {versions[0]}, Django {versions[1]}, SQLite, "
        f"{SETTINGS}; load average {os.getloadavg()[0]:.1f}"
    )
    run(
        [str(python), __file__, "--worker", "--repeat", str(args.repeat)],
        env=env,
        cwd=src,
    )
    if args.callgrind:
        callgrind(python, env, src, args.callgrind)


if __name__ == "__main__":
    main()
