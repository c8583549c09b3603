"""The WordPress importer and its plugins' data: Blubrry PowerPress episodes,
CM Tooltip Glossary and Glossary by Codeat entries."""

import shutil

from wagtail.models import Site

import pytest

from articles.models import ArticlePage
from editorial.models import PlayableVersion
from glossary.models import GlossaryEntryPage
from podcasts.models import PodcastEpisodePage, PodcastShowPage
from tests.wordpress_helpers import FIXTURES, UPLOADS
from wordpress_import.importer import WordPressImporter
from wordpress_import.php import PHPValueError, unserialize


def run_import(name, **kwargs):
    site = Site.objects.get(is_default_site=True)
    path = name if not isinstance(name, str) else FIXTURES / name
    kwargs.setdefault("uploads_dir", str(UPLOADS))
    return WordPressImporter(path, site=site, **kwargs).run()


@pytest.mark.django_db
def test_powerpress_episode_linked_to_its_article(home, tmp_path, client):
    report = run_import("powerpress.xml")
    # Both episodes are created; the one whose file cannot be had as a draft.
    assert report.counts["podcast enclosure"]["created"] == 2
    assert report.counts["podcast enclosure"]["failed"] == 0
    assert report.counts["post"]["created"] == 2
    missing = next(w for w in report.warnings if w["wp_id"] == 61)
    assert missing["kind"] == "podcast enclosure"
    assert "draft" in missing["message"]
    assert "00:07:44" in missing["message"] and "4000000" in missing["message"]
    # The post's own body gave no second set of warnings.
    assert [w["wp_id"] for w in report.warnings].count(61) == 1

    show = PodcastShowPage.objects.get()
    assert show.author == "Le Blog B2B" and show.language == "fr"
    episode = PodcastEpisodePage.objects.get(live=True)
    assert episode.get_parent().pk == show.pk
    assert episode.title == "Former son écosystème (podcast)"
    assert episode.summary == "Former au-delà des salariés"
    assert not episode.explicit
    # Duration and size read from the file itself.
    assert episode.audio.duration_seconds > 0
    assert episode.audio.file_size == (UPLOADS / "2024/01/episode.mp3").stat().st_size

    article = ArticlePage.objects.get(slug="former-podcast")
    assert PlayableVersion.objects.get(page=article).playable_id == episode.pk
    # [powerpress] in the body became the episode block.
    types = [block["type"] for block in article.body.raw_data]
    assert types == ["paragraph", "podcast_episode", "paragraph"]
    assert article.body.raw_data[1]["value"]["episode"] == episode.pk

    # The draft: what PowerPress said of the recording, no file, never live;
    # its article links it, readers do not see it.
    draft = PodcastEpisodePage.objects.get(live=False)
    assert draft.title == "Épisode sans fichier" and draft.first_published_at is None
    assert not draft.audio.file and draft.audio.url == ""
    assert (draft.audio.duration_seconds, draft.audio.file_size) == (464, 4000000)
    lonely = ArticlePage.objects.get(slug="sans-fichier")
    assert lonely.live
    assert PlayableVersion.objects.get(page=lonely).playable_id == draft.pk
    response = client.get(lonely.url)
    assert response.status_code == 200
    assert draft.url not in response.content.decode()

    again = run_import("powerpress.xml")
    # Still no file: said again, nothing changes.
    assert again.counts["podcast enclosure"]["unchanged"] == 2
    assert "draft" not in next(w for w in again.warnings if w["wp_id"] == 61)["message"]
    assert PodcastEpisodePage.objects.count() == 2

    # The file is found by a later run: the draft gets it and goes live.
    uploads = tmp_path / "uploads"
    shutil.copytree(UPLOADS, uploads)
    shutil.copy(uploads / "2024/01/episode.mp3", uploads / "2024/01/absent.mp3")
    found = run_import("powerpress.xml", uploads_dir=str(uploads))
    assert found.counts["podcast enclosure"] == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
        "skipped": 0,
        "failed": 0,
    }
    draft.refresh_from_db()
    assert draft.live and draft.audio.file and draft.audio.duration_seconds > 0
    assert draft.audio.file_size == (UPLOADS / "2024/01/episode.mp3").stat().st_size
    assert PodcastEpisodePage.objects.count() == 2

    # Changed in WordPress: the episode is updated like the article...
    changed = tmp_path / "powerpress.xml"
    text = (FIXTURES / "powerpress.xml").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("La suite de l’article.", "La suite, revue.").replace(
            "Former son écosystème (podcast)", "Former son écosystème, l’épisode"
        ),
        encoding="utf-8",
    )
    third = run_import(changed, uploads_dir=str(uploads))
    assert third.counts["post"]["updated"] == 1
    assert third.counts["podcast enclosure"]["updated"] == 1
    episode.refresh_from_db()
    assert episode.live and episode.title == "Former son écosystème, l’épisode"
    audio_file = episode.audio.file.name
    assert PodcastEpisodePage.objects.count() == 2
    article.refresh_from_db()
    assert article.body.raw_data[1]["value"]["episode"] == episode.pk

    # ... unless an editor changed it since: kept, said, replaced on request.
    edited = episode.specific
    edited.summary = "Le résumé de la rédaction"
    edited.save_revision().publish()
    changed.write_text(
        changed.read_text(encoding="utf-8").replace(
            's:29:"Former au-delà des salariés"',
            f's:{len("Au-delà des salariés".encode())}:"Au-delà des salariés"',
        ),
        encoding="utf-8",
    )
    fourth = run_import(changed, uploads_dir=str(uploads))
    assert fourth.counts["podcast enclosure"]["skipped"] == 1
    assert "edited in Wagtail" in next(
        w["message"] for w in fourth.warnings if w["wp_id"] == 60
    )
    episode.refresh_from_db()
    assert episode.summary == "Le résumé de la rédaction"
    fifth = run_import(changed, uploads_dir=str(uploads), overwrite=True)
    assert fifth.counts["podcast enclosure"]["updated"] == 1
    episode.refresh_from_db()
    assert episode.summary == "Au-delà des salariés"
    # The recording's URL did not change: its file was not read again.
    assert episode.audio.file.name == audio_file


@pytest.mark.django_db
def test_cm_tooltip_glossary_entries(home):
    report = run_import("cm_tooltip_glossary.xml")
    assert report.counts["glossary"]["created"] == 2
    entry = GlossaryEntryPage.objects.get(title="B2B")
    assert entry.live
    assert [form.form for form in entry.alternative_forms.all()] == [
        "BtoB",
        "business to business",
        "B-to-B",
    ]
    assert list(entry.tags.names()) == ["Vente"]
    assert entry.short_definition == (
        "Le business to business : les échanges entre entreprises."
    )
    assert [block["type"] for block in entry.explanation.raw_data] == ["paragraph"]
    lead = GlossaryEntryPage.objects.get(title="Lead")
    assert [form.form for form in lead.alternative_forms.all()] == ["leads"]
    # Found by its alternative forms, as editors' entries are.
    assert GlossaryEntryPage.entries_owning(["btob"])["btob"].pk == entry.pk


@pytest.mark.django_db
def test_codeat_glossary_entries(home):
    report = run_import("codeat_glossary.xml")
    assert report.counts["glossary"]["created"] == 1
    entry = GlossaryEntryPage.objects.get(title="Écosystème")
    # "ecosysteme" is the term itself without accents: not a second form.
    assert [form.form for form in entry.alternative_forms.all()] == ["écosystèmes"]
    assert entry.short_definition == "Les acteurs autour d’une entreprise."
    assert list(entry.tags.names()) == ["Stratégie"]


def test_php_unserialize_is_strict():
    assert unserialize('a:2:{s:8:"duration";s:5:"07:44";i:0;b:1;}') == {
        "duration": "07:44",
        0: True,
    }
    assert unserialize('s:5:"été";') == "été"
    for hostile in (
        'O:8:"stdClass":0:{}',  # objects are refused
        'a:1:{s:1:"a";r:1;}',  # references too
        's:50:"short";',  # a length that lies
        'a:1:{s:1:"a";s:1:"b";',  # truncated
        "i:1;junk",
    ):
        with pytest.raises(PHPValueError):
            unserialize(hostile)


def test_glossary_forms_read_as_each_plugin_stores_them():
    """CM Tooltip Glossary reads its synonyms, variations and abbreviations
    with str_getcsv() (a form holding a comma is quoted); Glossary by Codeat
    splits its related key terms ("glossary_tag") on commas alone."""
    from wordpress_import.importer.content import glossary_forms

    assert glossary_forms(
        {
            "cmtt_synonyms": ['BtoB, "vente, entre entreprises"'],
            "cmtt_variations": ["B2B;pro"],
            "cmtt_abbreviations": ["BtoB"],
        }
    ) == ["BtoB", "vente, entre entreprises", "B2B;pro"]
    assert glossary_forms({"glossary_tag": [" écosystèmes ,, milieu | cadre "]}) == [
        "écosystèmes",
        "milieu | cadre",
    ]
    # A serialized PHP array (older versions) gives its values.
    assert glossary_forms(
        {"cmtt_synonyms": ['a:2:{i:0;s:4:"BtoB";i:1;s:3:"B2B";}']}
    ) == [
        "BtoB",
        "B2B",
    ]
    assert glossary_forms({"other_key": ["x"]}) == []
