"""Load test of the production stack: readers' mix for N minutes, through nginx.

Against a stack started by ``scripts/prod-stack start`` (state directory
``.prod`` by default): C client threads read, in a random mix, every page of
the sitemap, the article feeds (RSS, Atom, by tag), the podcast feed, tag
pages, searches, and API v2 and v3 listings and details, over HTTPS through
nginx and Varnish. Prints, at the end, the requests and req/s per kind, every
non-2xx answer (there must be none), latency percentiles, and the gunicorn
workers' resident memory sampled every 30 s (flat memory: no leak).

    .venv/bin/python bench/load_test.py [--state .prod] [--minutes 10] [--clients 8]

Exit status 1 when any answer was not 2xx.
"""

import argparse
import collections
import json
import random
import re
import ssl
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

SEARCH_WORDS = ["marketing", "abm", "lead", "contenu", "événement", "b2b", "podcast"]


def fetch(url, context):
    started = time.perf_counter()
    try:
        request = urllib.request.Request(url, headers={"Accept-Language": "fr"})
        with urllib.request.urlopen(request, timeout=30, context=context) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (OSError, ValueError) as error:
        status = f"error: {error}"
    return status, time.perf_counter() - started


def discover(site, context):
    """The URLs to read, by kind, from the sitemap and the APIs."""
    with urllib.request.urlopen(site + "/sitemap.xml", context=context) as response:
        sitemap = response.read().decode()
    pages = [
        site + "/" + loc.split("/", 3)[3]
        for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    ]
    with urllib.request.urlopen(
        site + "/api/v2/pages/?limit=100", context=context
    ) as r:
        ids = [item["id"] for item in json.load(r)["items"]]
    with urllib.request.urlopen(site + "/tags/", context=context) as response:
        tags = sorted(
            set(re.findall(r'href="(/tags/[^"/]+/)"', response.read().decode()))
        )
    podcast_feeds = [
        page + "feed/" for page in pages if page.rstrip("/").endswith("/podcast")
    ]
    kinds = {
        "page": pages,
        "tag page": [site + tag for tag in tags] or [site + "/tags/"],
        "feed": [
            site + "/feeds/articles/",
            site + "/feeds/articles/atom/",
            *[site + "/feeds/articles" + tag + "" for tag in tags[:3]],
            *podcast_feeds,
        ],
        "search": [site + f"/search/?q={quote(word)}" for word in SEARCH_WORDS],
        "api": [
            site + "/api/v2/pages/?type=articles.ArticlePage&fields=*&limit=20",
            site + "/api/v2/pages/?limit=50",
            *[site + f"/api/v2/pages/{pk}/" for pk in ids[:20]],
            site + "/api/v3/content/",
            *[site + f"/api/v3/pages/{pk}/" for pk in ids[:20]],
        ],
    }
    # Reads per kind in the mix: mostly pages, as readers do.
    weights = {"page": 60, "tag page": 8, "feed": 10, "search": 7, "api": 15}
    return kinds, weights


def worker_memory(state):
    found = {}
    for pidfile in sorted(state.glob("gunicorn-*.pid")):
        master = int(pidfile.read_text())
        try:
            workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        except OSError:
            continue
        for pid in workers:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
            found[f"{pidfile.stem}/{pid}"] = rss
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--state", default=".prod")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--sample-every", type=float, default=30)
    args = parser.parse_args()

    state = Path(args.state).resolve()
    found = json.loads((state / "stack.json").read_text())
    site = f"https://127.0.0.1:{found['https']}"
    context = ssl.create_default_context(cafile=str(state / "tls" / "cert.pem"))
    kinds, weights = discover(site, context)
    names = list(kinds)
    print(
        f"{site}: {sum(len(v) for v in kinds.values())} URLs "
        + ", ".join(f"{name} {len(kinds[name])}" for name in names)
        + f"; {args.clients} clients for {args.minutes:g} min",
        flush=True,
    )

    stop_at = time.monotonic() + args.minutes * 60
    lock = threading.Lock()
    times = collections.defaultdict(list)
    failures = collections.Counter()

    def client(seed):
        chooser = random.Random(seed)
        while time.monotonic() < stop_at:
            kind = chooser.choices(names, [weights[n] for n in names])[0]
            url = chooser.choice(kinds[kind])
            status, elapsed = fetch(url, context)
            with lock:
                times[kind].append(elapsed)
                if not (isinstance(status, int) and 200 <= status < 300):
                    failures[(status, url)] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    samples = []
    while any(thread.is_alive() for thread in threads):
        memory = worker_memory(state)
        samples.append((time.monotonic() - started, memory))
        done = sum(len(v) for v in times.values())
        print(
            f"  {samples[-1][0]:5.0f} s  {done:7} requests  "
            f"workers {', '.join(f'{v:.0f}' for v in memory.values())} MB",
            flush=True,
        )
        deadline = time.monotonic() + args.sample_every
        while time.monotonic() < deadline and any(t.is_alive() for t in threads):
            time.sleep(0.5)
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    samples.append((elapsed, worker_memory(state)))

    total = sum(len(v) for v in times.values())
    print(f"\n{total} requests in {elapsed:.0f} s: {total / elapsed:.0f} req/s")
    print(
        f"{'kind':10} {'requests':>9} {'req/s':>7} {'median':>8} {'p95':>8} {'max':>8}"
    )
    for name in names:
        values = sorted(times[name])
        if not values:
            continue
        p95 = values[int(len(values) * 0.95) - 1] if len(values) > 1 else values[0]
        print(
            f"{name:10} {len(values):9} {len(values) / elapsed:7.1f} "
            f"{statistics.median(values) * 1000:6.0f}ms {p95 * 1000:6.0f}ms "
            f"{values[-1] * 1000:6.0f}ms"
        )
    first, last = samples[0][1], samples[-1][1]
    print("\nworker memory (MB), first and last sample:")
    for name in sorted(set(first) | set(last)):
        print(f"  {name:24} {first.get(name, 0):6.0f} → {last.get(name, 0):6.0f}")
    print(f"\nnon-2xx answers: {sum(failures.values())}")
    for (status, url), count in failures.most_common(20):
        print(f"  {count:5} × {status} {url}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
