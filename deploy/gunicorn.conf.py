"""Gunicorn settings for Pressroom (``gunicorn -c deploy/gunicorn.conf.py site_config.wsgi``).

Every value can be overridden from the environment, so the same file serves
``scripts/prod-stack`` (one machine, several instances) and a real server:

- ``GUNICORN_BIND`` (``127.0.0.1:8001``): address of this instance; Varnish
  (or nginx) in front is its only client.
- ``GUNICORN_WORKERS`` (``2 × CPU + 1``, at most 8 by default): sync
  workers. Pages are rendered in Python and the database is a few ms away,
  so processes, not threads, are what scale; add app servers past one
  machine's cores (see README, Production).
- ``GUNICORN_TIMEOUT`` (30 s): a worker silent for longer is killed and
  replaced (an import, an upload of a large audio file, a stuck query).
- ``GUNICORN_MAX_REQUESTS`` (2000) and ``GUNICORN_MAX_REQUESTS_JITTER``
  (200): each worker is replaced after that many requests (± jitter, so
  they are not all replaced at once), which bounds any slow growth of a
  worker's memory.
- ``GUNICORN_PRELOAD`` (true): the application is imported once in the
  master and the workers share its pages (copy-on-write): less memory per
  worker and faster worker replacement. A code change then needs a full
  restart (``scripts/prod-stack stop && start``), not a HUP.
  With it, the master also builds what each worker would build on its
  first requests (URLs, both APIs' schemas, reader templates:
  ``site_config.warmup``) and freezes its objects for the garbage collector
  before forking, so that the workers keep sharing those pages.
- ``GUNICORN_ACCESS_LOG`` / ``GUNICORN_ERROR_LOG`` (``-``: standard
  output/error) and ``GUNICORN_PIDFILE``.
"""

import multiprocessing
import os


def _env_int(name, default):
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = _env_int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 20)
# Varnish keeps its backend connections open between requests.
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 200)
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in ("1", "true", "yes")
# Large bodies (audio uploads) go through nginx, which buffers them to disk
# first, so a slow client never holds a sync worker.
limit_request_line = 8190

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The time taken (%(M)s ms) lets the access log show slow pages.
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms "%(f)s" "%(a)s"'
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
proc_name = os.environ.get("GUNICORN_PROC_NAME", "pressroom")
# Only the proxies on this machine may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def when_ready(server):
    """In the master, once the application is loaded (``preload_app``):
    build what the workers share, then freeze it before the first fork."""
    if not preload_app:
        return
    from site_config.warmup import freeze_for_fork, warm_up

    warm_up()
    freeze_for_fork()
