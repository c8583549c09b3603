"""User-agent classification with the Open Podcast Analytics Working Group's
open list (opawg/user-agents-v2, MIT): bots, apps, libraries, browsers and
devices, looked up in that order as the list's own notes ask.

The shipped copy is in ``data/opawg/``; ``manage.py update_podcast_user_agents``
replaces it (or fills ``PRESSROOM_PODCAST_AUDIENCE_USER_AGENTS_DIR``).
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from podcasts.conf import get_setting

SHIPPED_DIR = Path(__file__).parent / "data" / "opawg"
# Looked up in this order; the first match names the app.
LIST_NAMES = ("bots", "apps", "libraries", "browsers", "devices")


@dataclass(frozen=True)
class Client:
    """What a user agent says about the listener's software and device."""

    is_bot: bool
    app: str = ""
    platform: str = ""
    device_class: str = ""


def user_agents_dir():
    configured = get_setting("PRESSROOM_PODCAST_AUDIENCE_USER_AGENTS_DIR")
    return Path(configured) if configured else SHIPPED_DIR


def compile_entries(data):
    """``[(regex, entry)]`` from one list's JSON; raises ``ValueError`` when it
    is not such a list. Patterns Python cannot read (the list is written for
    JavaScript) are left out rather than failing the whole list."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ValueError("not an OPAWG pattern list (no 'entries')")
    compiled = []
    for entry in data["entries"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("pattern"), str):
            raise ValueError(f"entry without a pattern: {entry!r:.80}")
        try:
            compiled.append((re.compile(entry["pattern"]), entry))
        except re.error:
            continue
    return compiled


@lru_cache(maxsize=1)
def _lists(folder):
    lists = {}
    for name in LIST_NAMES:
        with open(Path(folder) / f"{name}.json", encoding="utf-8") as file:
            lists[name] = compile_entries(json.load(file))
    return lists


def _first(entries, user_agent):
    for pattern, entry in entries:
        if pattern.search(user_agent):
            return entry
    return None


@lru_cache(maxsize=4096)
def _classify(folder, user_agent):
    lists = _lists(folder)
    if not user_agent or _first(lists["bots"], user_agent):
        # No user agent at all is no listener either.
        return Client(is_bot=True)
    app = None
    for name in ("apps", "libraries", "browsers"):
        app = _first(lists[name], user_agent)
        if app:
            break
    device = _first(lists["devices"], user_agent)
    return Client(
        is_bot=False,
        app=(app["name"] if app else "")[:100],
        platform=(device["name"] if device else "")[:100],
        device_class=(device.get("category", "") if device else "")[:30],
    )


def classify(user_agent):
    """The ``Client`` a user agent names. Results are kept per process for
    the most frequent strings: a few podcast apps send most requests."""
    return _classify(str(user_agents_dir()), (user_agent or "")[:512])


def clear_cache():
    """Forget the loaded lists (after an update)."""
    _lists.cache_clear()
    _classify.cache_clear()
