"""Benchmark: a web worker's memory, Pressroom beside a bare Wagtail site.

Builds two throw-away sites in a temporary directory, with this virtualenv
(the same Python, Django, Wagtail and installed packages) and production
settings on SQLite:

* a bare ``wagtail start`` project (its home page), the cost of Wagtail
  itself;
* Pressroom with the demo publication (``load_demo_publication``).

Then (after one pass that generates the image renditions, as on a site in
service), in a fresh process for each, prints the resident memory (VmRSS) after
``django.setup()``, after the URL configuration is loaded, after the first
request of each page and after R rounds of them (one page for the bare site,
the ten page types of ``bench/seed_article.py`` for Pressroom, and
Pressroom's home alone beside the bare home), and which of the heavy optional
modules are imported by ``django.setup()`` alone:

    .venv/bin/python bench/worker_memory.py [--rounds 20]

The same probe runs ``--block MODULE`` times with those modules made
unimportable (``--block yaml,pygments`` is what a production install without
the test extras imports), to attribute the difference.

``--bakerydemo`` adds Wagtail's reference demo, the yardstick of issue 11,
measured the same way: ``bench/bakerydemo_reference.py`` checks it out
(``--bakerydemo-source``, a git URL or a local clone) and builds its
virtualenv (the same Python, Wagtail and Django, its other requirements)
and SQLite database under ``--bakerydemo-dir``. It is probed twice: in
that virtualenv of its own, and with this virtualenv's interpreter (its
few packages this one lacks installed beside it, in ``extras/``), so that
Wagtail's optional imports (psycopg, PyYAML, pygments) are the same for
both sites. Its pages are one live page of each of its page types and its
search, Pressroom's the ten of ``bench/seed_article.py``:

    .venv/bin/python bench/worker_memory.py --bakerydemo \
        [--bakerydemo-source /work/.mirror/wagtail+bakerydemo/repo]
"""

import argparse
import importlib.util
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds scripts named like apps (newsletter.py, wordpress_import.py):
# the project's root comes first.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    sys.path[0] = str(ROOT)

# Imported by Wagtail or Pressroom on some path; which of them django.setup()
# loads is printed (tests/test_startup_imports.py pins Pressroom's own).
HEAVY = (
    "ninja",
    "pydantic",
    "rest_framework",
    "psycopg",
    "yaml",
    "pygments",
    "bs4",
    "pillow_heif",
    "requests",
    "wordpress_import.importer",
)


NO_YAML = ("yaml", "pygments")


def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def probe(urls, rounds, block):
    """In a fresh process: the memory at each step, printed as JSON."""
    for name in block:
        sys.modules[name] = None  # as if not installed
    out = {"start": rss_mb()}
    import django

    django.setup()
    out["setup"] = rss_mb()
    out["heavy"] = [name for name in HEAVY if sys.modules.get(name)]
    out["modules"] = len(sys.modules)
    from django.test import Client
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
    get_resolver().reverse_dict  # noqa: B018
    out["urls"] = rss_mb()
    if urls == ["bakerydemo"]:
        urls = bakerydemo_urls()
    elif urls == ["pressroom"]:
        spec = importlib.util.spec_from_file_location(
            "seed_article", ROOT / "bench" / "seed_article.py"
        )
        seed_article = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(seed_article)
        urls = list(seed_article.reader_urls().values())
    client = Client()

    def get_all():
        for url in urls:
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)

    get_all()
    out["first"] = rss_mb()
    for _ in range(rounds - 1):
        get_all()
    out["rounds"] = rss_mb()
    print(json.dumps(out))


def bakerydemo_urls():
    """One live page of each of bakerydemo's page types, and its search."""
    from wagtail.models import Page

    first = {}
    for page in Page.objects.live().filter(depth__gt=1).order_by("path"):
        first.setdefault(page.content_type_id, page)
    return [page.url for page in first.values()] + ["/search/?q=bread"]


def run(cmd, env, cwd=None):
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def build_bare(tmp):
    """A ``wagtail start`` project with its production settings."""
    wagtail = Path(sys.executable).parent / "wagtail"
    run([str(wagtail), "start", "bare"], os.environ, cwd=tmp)
    project = Path(tmp) / "bare"
    (project / "bare" / "settings" / "local.py").write_text(
        f'SECRET_KEY = "{secrets.token_urlsafe(50)}"\nALLOWED_HOSTS = ["*"]\n'
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bare.settings.production",
        "PYTHONPATH": str(project),
    }
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "-v0"], env, cwd=project)
    run([*manage, "collectstatic", "--noinput", "-v0"], env, cwd=project)
    return env


def build_pressroom(tmp):
    """This site with the demo publication, production settings on SQLite."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="*",
        DATABASE_URL=f"sqlite:///{tmp}/pressroom.sqlite3",
        STATIC_ROOT=f"{tmp}/static",
        MEDIA_ROOT=f"{tmp}/media",
        PRESSROOM_PAGE_CACHE="false",
        PYTHONPATH=str(ROOT),
    )
    manage = [sys.executable, str(ROOT / "manage.py")]
    run([*manage, "migrate", "-v0"], env)
    run([*manage, "load_demo_publication"], env)
    run([*manage, "collectstatic", "--noinput", "-v0"], env)
    return env


def load_reference():
    spec = importlib.util.spec_from_file_location(
        "bakerydemo_reference", ROOT / "bench" / "bakerydemo_reference.py"
    )
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    return reference


def build_bakerydemo(directory, source):
    """bakerydemo's checkout, virtualenv and database (made once, by
    ``bench/bakerydemo_reference.py``), and its environment in both
    interpreters: (its own python, env), (this python, env)."""
    from importlib.metadata import PackageNotFoundError, version

    reference = load_reference()
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    python, own_env = reference.prepare(directory, source, reference.DEFAULT_COMMIT)
    # Its requirements missing from this virtualenv go beside it, not into it.
    extras = directory / "extras"
    if not extras.exists():
        missing = []
        base = directory / "src" / "requirements" / "base.txt"
        for line in base.read_text().splitlines():
            line = line.split("#")[0].strip()
            name = line.split(">")[0].split("<")[0].split("=")[0].strip()
            try:
                version(name)
            except PackageNotFoundError:
                missing.append(line)
        target = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
        run([*target, "--target", str(extras), *missing], os.environ)
    src = directory / "src"
    own_env = {**own_env, "BAKERYDEMO_SRC": str(src)}
    same_env = {**own_env, "PYTHONPATH": f"{src}{os.pathsep}{extras}"}
    return (str(python), own_env), (sys.executable, same_env)


def measure(env, urls, rounds, block=(), python=sys.executable):
    # bakerydemo names its templates directory relative to the working
    # directory (its checkout).
    cwd = env.get("BAKERYDEMO_SRC")
    cmd = [python, __file__, "--probe", *urls, "--rounds", str(rounds)]
    if block:
        cmd += ["--block", ",".join(block)]
    out = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="requests of each page")
    parser.add_argument(
        "--bakerydemo", action="store_true", help="measure bakerydemo as well"
    )
    parser.add_argument(
        "--bakerydemo-source",
        default="https://github.com/wagtail/bakerydemo.git",
        help="git URL or local clone of bakerydemo",
    )
    parser.add_argument("--bakerydemo-dir", default="/tmp/bakerydemo-ref")
    parser.add_argument("--probe", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--block", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    block = [name for name in args.block.split(",") if name]
    if args.probe:
        probe(args.probe, args.rounds, block)
        return

    tmp = tempfile.mkdtemp(prefix="pressroom-memory-")
    print(f"building the two sites in {tmp} ...", flush=True)
    bare_env = build_bare(tmp)
    pressroom_env = build_pressroom(tmp)
    # A first pass generates the image renditions (decoding the originals
    # would otherwise count in the first process measured), as on a site in
    # service.
    measure(bare_env, ["/"], 1)
    measure(pressroom_env, ["pressroom"], 1)
    here = sys.executable
    rows = [
        ("bare Wagtail, home", here, bare_env, ["/"], ()),
        ("Pressroom, home", here, pressroom_env, ["/"], ()),
        ("Pressroom, 10 page types", here, pressroom_env, ["pressroom"], ()),
        ("bare Wagtail, no yaml/pygments", here, bare_env, ["/"], NO_YAML),
        ("Pressroom, no yaml/pygments", here, pressroom_env, ["/"], NO_YAML),
    ]
    if args.bakerydemo:
        (own, own_env), (_, same_env) = build_bakerydemo(
            args.bakerydemo_dir, args.bakerydemo_source
        )
        measure(same_env, ["bakerydemo"], 1)
        no_extras = ("psycopg", "yaml", "pygments")  # not in its own virtualenv
        rows += [
            ("bakerydemo, home", here, same_env, ["/"], ()),
            ("bakerydemo, its page types", here, same_env, ["bakerydemo"], ()),
            ("bakerydemo, own venv, page types", own, own_env, ["bakerydemo"], ()),
            (
                "Pressroom, 10 types, no psycopg/yaml/pygments",
                here,
                pressroom_env,
                ["pressroom"],
                no_extras,
            ),
            (
                "bakerydemo, types, no psycopg/yaml/pygments",
                here,
                same_env,
                ["bakerydemo"],
                no_extras,
            ),
        ]
    print(f"load average {os.getloadavg()[0]:.1f}; RSS in MB, {args.rounds} rounds")
    print(
        f"{'':46} {'setup':>6} {'URLs':>6} {'first':>6} {'rounds':>6} {'modules':>8}"
        "  heavy modules after setup"
    )
    for label, python, env, urls, blocked in rows:
        m = measure(env, urls, args.rounds, blocked, python)
        print(
            f"{label:46} {m['setup']:6.1f} {m['urls']:6.1f} {m['first']:6.1f} "
            f"{m['rounds']:6.1f} {m['modules']:8}  {' '.join(m['heavy'])}",
            flush=True,
        )


if __name__ == "__main__":
    main()
