"""Editors create an episode in the admin with its people, chapters, transcript
; bad transcripts, artwork and chapter times are refused."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from podcasts.models import PodcastEpisodePage
from tests.factories_podcasts import (
    artwork,
    audio_file,
    person,
    transcript_document,
)

pytestmark = pytest.mark.django_db


def episode_form(audio, **overrides):
    data = {
        "title": "Épisode complet",
        "slug": "episode-complet",
        "audio": audio.pk,
        "season_number": 2,
        "episode_number": 7,
        "episode_type": "bonus",
        "summary": "Résumé.",
        "show_notes": rich_text("<p>Notes.</p>"),
        "publication_date": "2024-05-01",
        "tags": "b2b",
        "see_also_items": inline_formset([]),
        "credits": inline_formset([]),
        "chapters": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(show):
    return f"/admin/pages/add/podcasts/podcastepisodepage/{show.pk}/"


def test_editor_creates_a_complete_episode(admin_client, show):
    host = person("Claire Morvan")
    document = transcript_document()
    response = admin_client.post(
        add_url(show),
        episode_form(
            audio_file("m4a"),
            transcript_document=document.pk,
            transcript_text="Bonjour.",
            artwork=artwork(1500, 1500, "PNG").pk,
            credits=inline_formset([{"person": host.pk, "role": "host"}]),
            chapters=inline_formset(
                [
                    {"start_time": "0:00", "title": "Introduction"},
                    {"start_time": "7:44", "title": "Conclusion"},
                ]
            ),
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    episode = PodcastEpisodePage.objects.get(slug="episode-complet")
    assert episode.live
    assert (episode.season_number, episode.episode_number) == (2, 7)
    assert episode.episode_type == "bonus"
    assert episode.mime_type == "audio/mp4"
    assert [c.person.name for c in episode.credits.all()] == ["Claire Morvan"]
    assert [c.start_time.total_seconds() for c in episode.chapters.all()] == [0, 464]
    assert episode.transcript_document_id == document.pk


@pytest.mark.parametrize(
    ("field", "value_factory"),
    [
        ("transcript_document", lambda: transcript_document("t.vtt", "pas un vtt").pk),
        ("artwork", lambda: artwork(600, 600).pk),
    ],
)
def test_bad_transcript_or_artwork_is_refused(admin_client, show, field, value_factory):
    response = admin_client.post(
        add_url(show), episode_form(audio_file("mp3"), **{field: value_factory()})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not PodcastEpisodePage.objects.filter(slug="episode-complet").exists()


def test_bad_chapter_time_is_refused(admin_client, show):
    response = admin_client.post(
        add_url(show),
        episode_form(
            audio_file("mp3"),
            chapters=inline_formset([{"start_time": "pas une heure", "title": "x"}]),
        ),
    )
    assert response.status_code == 200
    assert not PodcastEpisodePage.objects.filter(slug="episode-complet").exists()
