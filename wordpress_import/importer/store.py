"""What a run looks up by WordPress id or old path, kept on disk.

A run needs, for any item of the export at any moment, what the scan read
(its post type and status, its old paths) and what the run made of it (its
``ImportedObject`` row): a link may point anywhere in the export, earlier or
later. Kept in dictionaries, these grow with the export (about 600 bytes an
item, 60 MB for 100,000 items); they are kept in a temporary SQLite file of
the run's own instead (Python's ``sqlite3``, not the site's database: no
transaction of the import sees them, and nothing is left behind), behind
the few dictionary methods the stages use, with SQLite's page cache
(``CACHE_KIB``) as the only memory they take.
"""

import json
import sqlite3
import tempfile
from pathlib import Path

# SQLite's page cache for the run's indexes, in KiB.
CACHE_KIB = 4096

_MISSING = object()


class RunStore:
    """The temporary database of one run; ``table(name)`` is a dictionary in
    it. ``close()`` (or the end of the run) deletes it."""

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="pressroom-wordpress-")
        self.connection = sqlite3.connect(
            Path(self._folder.name) / "run.sqlite3", isolation_level=None
        )
        # A scratch file: no journal, no syncing; lost with the run.
        self.connection.execute("PRAGMA journal_mode=OFF")
        self.connection.execute("PRAGMA synchronous=OFF")
        self.connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")

    def table(self, name):
        return DiskDict(self.connection, name)

    def close(self):
        self.connection.close()
        self._folder.cleanup()


class DiskDict:
    """A dictionary of JSON-able keys and values in a table of the run's
    database. A value read is a copy: change it, then store it again."""

    def __init__(self, connection, name):
        self.connection = connection
        self.name = name
        connection.execute(
            f'CREATE TABLE IF NOT EXISTS "{name}" (key TEXT PRIMARY KEY, value TEXT)'
        )

    @staticmethod
    def _key(key):
        return json.dumps(key)

    def get(self, key, default=None):
        row = self.connection.execute(
            f'SELECT value FROM "{self.name}" WHERE key = ?', (self._key(key),)
        ).fetchone()
        return default if row is None else json.loads(row[0])

    def __getitem__(self, key):
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key):
        return (
            self.connection.execute(
                f'SELECT 1 FROM "{self.name}" WHERE key = ?', (self._key(key),)
            ).fetchone()
            is not None
        )

    def __setitem__(self, key, value):
        self.connection.execute(
            f'INSERT OR REPLACE INTO "{self.name}" (key, value) VALUES (?, ?)',
            (self._key(key), json.dumps(value)),
        )

    def setdefault(self, key, value):
        """Stores ``value`` unless ``key`` has one (returns nothing)."""
        self.connection.execute(
            f'INSERT OR IGNORE INTO "{self.name}" (key, value) VALUES (?, ?)',
            (self._key(key), json.dumps(value)),
        )

    def __delitem__(self, key):
        deleted = self.connection.execute(
            f'DELETE FROM "{self.name}" WHERE key = ?', (self._key(key),)
        ).rowcount
        if not deleted:
            raise KeyError(key)

    def values(self):
        """Every value, read as iterated (not all at once)."""
        cursor = self.connection.execute(f'SELECT value FROM "{self.name}"')
        for (value,) in cursor:
            yield json.loads(value)

    def __len__(self):
        return self.connection.execute(
            f'SELECT COUNT(*) FROM "{self.name}"'
        ).fetchone()[0]
