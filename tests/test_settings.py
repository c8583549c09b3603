"""Production settings refuse to start without real secrets and pass check --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")
    }
    environment.update(DJANGO_SETTINGS_MODULE="site_config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="pressroom.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manage(
        "check", SECRET_KEY="django-insecure-abc", ALLOWED_HOSTS="pressroom.example"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_passes_check_deploy():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="pressroom.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_parallel_test_workers_each_get_their_own_redis_database():
    """The suite clears the cache around every test: two xdist workers
    sharing one Redis database would wipe each other's entries."""
    code = (
        "import django; from django.conf import settings;"
        "print(settings.CACHES['default']['LOCATION'])"
    )
    locations = {}
    for worker in ("gw0", "gw1"):
        environment = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="site_config.settings.test",
            REDIS_URL="redis://127.0.0.1:6379/3",
            PYTEST_XDIST_WORKER=worker,
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        locations[worker] = result.stdout.strip()
    assert locations == {
        "gw0": "redis://127.0.0.1:6379/4",
        "gw1": "redis://127.0.0.1:6379/5",
    }
