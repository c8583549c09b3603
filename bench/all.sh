#!/usr/bin/env bash
# Every performance figure of the publication in one run (issue 11):
# - bench/scale.py: queries and median time of the seed-like article, home,
#   article index (first and last page), tag page, search, feeds and API
#   lists, and see-also, at 10 / 10,000 / 100,000 bulk-created items;
# - bench/seed_article.py: the demo's seed article uncached (queries, CPU ms,
#   instructions per render under callgrind), page creation (pages/s) and a
#   worker's memory;
# - bench/bakerydemo_reference.py: bakerydemo's blog posts measured the same
#   way, with the same Wagtail and Django (issue 11's yardstick; the first
#   run installs it under /tmp, BAKERYDEMO_SOURCE may name a local clone);
# - bench/worker_memory.py: a worker's memory beside a bare Wagtail site;
# - bench/create_pages.py: pages/s (wall and CPU) creating 1,000 and 10,000
#   published pages through the demo command, bulk_create_pages and, for
#   comparison, Wagtail's own path;
# - bench/page_cache.py: a page-cache hit, miss and 304 next to a trivial view;
# - bench/throughput.py: req/s under gunicorn (wrk): trivial view, uncached
#   and cached article, Varnish hit, through nginx.
# SIZES=10,10000 shortens the first; DATABASE_URL / REDIS_URL as for the tests.
# Instruction counts need valgrind (Debian: apt-get install valgrind); without
# it they are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"

section() { printf '\n##### %s\n' "$*"; }

section "Listings and see-also by corpus size"
"$PY" bench/scale.py --sizes "${SIZES:-10,10000,100000}"
section "Seed article, page creation, worker memory"
"$PY" bench/seed_article.py --callgrind 10
section "bakerydemo's blog posts, the seed article's yardstick"
"$PY" bench/bakerydemo_reference.py --callgrind 3 \
  --source "${BAKERYDEMO_SOURCE:-https://github.com/wagtail/bakerydemo.git}"
section "Worker memory beside a bare Wagtail site"
"$PY" bench/worker_memory.py
section "Page creation"
"$PY" bench/create_pages.py --sizes "${CREATE_SIZES:-1000,10000}"
section "Page cache in process"
"$PY" bench/page_cache.py
section "Throughput under gunicorn, Varnish and nginx"
"$PY" bench/throughput.py
