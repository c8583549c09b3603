"""What the WordPress importer keeps while it runs: a batch of items in
memory, and every per-item index (the scan's, the mapping of WordPress ids
to objects, attachment URLs) in the run's own temporary database, deleted
when the run ends. The figures are in ``bench/wordpress_import.py``."""

import importlib.util
from pathlib import Path

from wagtail.models import Site

import pytest

from wordpress_import.importer import WordPressImporter
from wordpress_import.importer.links import REDIRECT_CHUNK
from wordpress_import.importer.store import DiskDict, RunStore
from wordpress_import.wxr import WXRError

BENCH = Path(__file__).resolve().parent.parent / "bench" / "wordpress_import.py"


def write_export(path, posts, uploads):
    spec = importlib.util.spec_from_file_location("wordpress_import_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_export(path, posts, uploads)


def test_disk_dict_reads_and_writes_like_a_dictionary():
    store = RunStore()
    try:
        table = store.table("mapping")
        assert isinstance(table, DiskDict) and len(table) == 0
        table[("post", 12)] = {"object_id": 3, "data": {"é": "« x »"}}
        table[("page", 12)] = {"object_id": 4, "data": {}}
        assert ("post", 12) in table and ("post", 13) not in table
        assert table[("post", 12)] == {"object_id": 3, "data": {"é": "« x »"}}
        assert table.get(("post", 13)) is None
        assert table.get(("post", 13), ("",)) == ("",)
        # A value read is a copy, stored again to change it.
        row = table[("post", 12)]
        row["object_id"] = 5
        assert table[("post", 12)]["object_id"] == 3
        table[("post", 12)] = row
        assert table[("post", 12)]["object_id"] == 5
        # setdefault keeps the first value, as the scan's paths need.
        table.setdefault(("post", 12), {"object_id": 9})
        assert table[("post", 12)]["object_id"] == 5
        assert sorted(value["object_id"] for value in table.values()) == [4, 5]
        del table[("page", 12)]
        assert len(table) == 1
        with pytest.raises(KeyError):
            del table[("page", 12)]
        with pytest.raises(KeyError):
            table[("page", 12)]
        # Tables of one store are apart.
        assert len(store.table("paths")) == 0
        folder = Path(store._folder.name)
        assert folder.exists()
    finally:
        store.close()
    assert not folder.exists()


@pytest.mark.django_db
def test_a_run_holds_a_batch_and_keeps_its_indexes_on_disk(
    home, tmp_path, settings, monkeypatch
):
    export = tmp_path / "export.xml"
    write_export(export, 40, tmp_path / "uploads")
    settings.PRESSROOM_WORDPRESS_BATCH_SIZE = 12
    site = Site.objects.get(is_default_site=True)
    seen = []
    real_flush = WordPressImporter._flush

    def flush(importer, parent_pk, publish):
        seen.append(
            {
                "batch": len(importer.batches.get((parent_pk, publish), (None, []))[1]),
                "waiting": len(importer.waiting),
                "redirects": len(importer.redirects),
                "indexes": {
                    type(importer.index),
                    type(importer.paths),
                    type(importer.mapping),
                    type(importer.attachment_urls),
                },
                "mapped": len(importer.mapping),
            }
        )
        return real_flush(importer, parent_pk, publish)

    monkeypatch.setattr(WordPressImporter, "_flush", flush)
    importer = WordPressImporter(
        export, site=site, uploads_dir=str(tmp_path / "uploads")
    )
    report = importer.run()
    assert report.counts["post"]["created"] == 40
    # Batches of 12 and a last of 4: nothing else waits in memory.
    assert [row["batch"] for row in seen if row["batch"]] == [12, 12, 12, 4]
    assert max(row["waiting"] for row in seen) <= 12
    assert max(row["redirects"] for row in seen) < REDIRECT_CHUNK
    assert {frozenset(row["indexes"]) for row in seen} == {frozenset({DiskDict})}
    # The mapping grew in the store: attachments and authors, then batches.
    mapped = [row["mapped"] for row in seen]
    assert mapped == sorted(mapped) and mapped[-1] >= 20 + 36
    # The store is gone with the run.
    assert importer.store is None

    # A second run reads the first's mapping into its store and changes nothing.
    report = WordPressImporter(
        export, site=site, uploads_dir=str(tmp_path / "uploads")
    ).run()
    assert report.counts["post"]["unchanged"] == 40
    assert report.counts["attachment"]["unchanged"] == 20


@pytest.mark.django_db
def test_a_refused_file_leaves_no_store(home, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<rss><channel><item>", encoding="utf-8")
    importer = WordPressImporter(bad, site=Site.objects.get(is_default_site=True))
    with pytest.raises(WXRError):
        importer.run()
    assert importer.store is None
