"""Shows and episodes: stable GUIDs, artwork rules, subscribe links, transcripts,
chapters and linked articles."""

import io
import json
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest
import wagtail_factories
from PIL import Image as PILImage

from editorial.models import PlayableVersion
from podcasts.models import (
    PodcastEpisodePage,
    PodcastShowPage,
    PodcastSubscribeLink,
)
from podcasts.validators import validate_artwork, validate_transcript
from tests.factories import (
    ArticlePageFactory,
    PodcastEpisodePageFactory,
    PodcastShowPageFactory,
)
from tests.factories_podcasts import (
    artwork,
    chapters,
    fixed_audio,
    subscribe_links,
    transcript_document,
)

pytestmark = pytest.mark.django_db
NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a1b28d128cb6")


# -- GUIDs -----------------------------------------------------------------


def test_episode_guid_survives_edits_revisions_and_moves(show, home):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    guid = episode.guid
    assert isinstance(guid, uuid.UUID)
    episode.title = "Titre modifié"
    episode.slug = "autre-slug"
    revision = episode.save_revision()
    revision.publish()
    # A form or an old revision carrying another value does not change it.
    episode.guid = uuid.uuid4()
    episode.save()
    other_show = PodcastShowPageFactory(parent=home, title="Autre", slug="autre")
    PodcastEpisodePage.objects.get(pk=episode.pk).move(other_show, pos="last-child")
    episode = PodcastEpisodePage.objects.get(pk=episode.pk)
    assert episode.guid == guid
    assert episode.get_parent().pk == other_show.pk
    revision.publish()  # republishing the old revision
    assert PodcastEpisodePage.objects.get(pk=episode.pk).guid == guid


def test_a_copy_gets_its_own_guid_and_the_original_keeps_its_own(show):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    guid = episode.guid
    copy = episode.copy(update_attrs={"slug": "copie", "title": "Copie"})
    copy = PodcastEpisodePage.objects.get(pk=copy.pk)
    assert copy.guid != guid
    copy.get_latest_revision().publish()
    assert PodcastEpisodePage.objects.get(pk=copy.pk).guid != guid
    assert PodcastEpisodePage.objects.get(pk=episode.pk).guid == guid


def test_show_podcast_guid_is_uuid5_of_the_feed_url_and_assigned_once(show):
    expected = uuid.uuid5(NAMESPACE, "localhost/podcast/feed")
    assert show.feed_url == "http://localhost/podcast/feed/"
    assert PodcastShowPage.objects.get(pk=show.pk).podcast_guid == expected
    show.slug = "nouveau-nom"
    show.save_revision().publish()
    show = PodcastShowPage.objects.get(pk=show.pk)
    assert show.feed_url == "http://localhost/nouveau-nom/feed/"
    assert show.podcast_guid == expected


# -- artwork ---------------------------------------------------------------


def test_valid_artwork_passes():
    validate_artwork(artwork(1400, 1400, "JPEG"))
    validate_artwork(artwork(3000, 3000, "PNG"))


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"width": 1400, "height": 1000}, "square"),
        ({"width": 1000, "height": 1000}, "1400"),
        ({"width": 3200, "height": 3200}, "3000"),
        ({"width": 1400, "height": 1400, "image_format": "GIF"}, "JPEG or PNG"),
    ],
)
def test_artwork_rules(kwargs, words):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        validate_artwork(artwork(**kwargs))
    assert words in " ".join(error.value.messages)


def test_artwork_with_transparency_is_refused():
    buffer = io.BytesIO()
    PILImage.new("RGBA", (1400, 1400), (0, 0, 255, 128)).save(buffer, "PNG")
    image = wagtail_factories.ImageFactory(
        file=ContentFile(buffer.getvalue(), name="transparent.png")
    )
    with pytest.raises(ValidationError) as error:
        validate_artwork(image)
    assert "RGB" in " ".join(error.value.messages)


def show_form_data(show, **overrides):
    data = {
        "title": show.title,
        "slug": show.slug,
        "description": "Description.",
        "language": "fr",
        "primary_category": "Business > Marketing",
        "secondary_category": "",
        "show_type": "episodic",
        "subscribe_links": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_form_refuses_bad_artwork_with_a_message(admin_client, show):
    small = artwork(800, 600)
    response = admin_client.post(
        f"/admin/pages/{show.pk}/edit/", show_form_data(show, artwork=small.pk)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["artwork"]
    # French by default in the admin; the sizes are in the message either way.
    assert any("800 × 600" in e for e in errors)
    assert PodcastShowPage.objects.get(pk=show.pk).artwork_id is None
    good = artwork(1400, 1400)
    response = admin_client.post(
        f"/admin/pages/{show.pk}/edit/", show_form_data(show, artwork=good.pk)
    )
    assert response.status_code == 302
    show = PodcastShowPage.objects.get(pk=show.pk)
    assert show.get_latest_revision_as_object().artwork_id == good.pk


def test_admin_form_refuses_same_primary_and_secondary_category(admin_client, show):
    response = admin_client.post(
        f"/admin/pages/{show.pk}/edit/",
        show_form_data(show, secondary_category="Business > Marketing"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["secondary_category"]


# -- subscribe links ---------------------------------------------------------


def test_subscribe_links_in_order_and_rss_defaults_to_the_feed(show):
    subscribe_links(
        show,
        ("apple", "https://podcasts.apple.com/x"),
        ("email", "mailto:podcast@example.com"),
        ("rss", ""),
    )
    show = PodcastShowPage.objects.get(pk=show.pk)
    assert show.subscribe_link_list == [
        {
            "platform": "apple",
            "label": "Apple Podcasts",
            "url": "https://podcasts.apple.com/x",
        },
        {"platform": "email", "label": "E-mail", "url": "mailto:podcast@example.com"},
        {"platform": "rss", "label": "RSS", "url": "http://localhost/podcast/feed/"},
    ]


def test_subscribe_link_labels_are_the_platform_choices_in_the_active_language():
    for platform in PodcastSubscribeLink.Platform.values:
        link = PodcastSubscribeLink(platform=platform)
        for language in ("fr", "en"):
            with translation.override(language):
                assert link.label == link.get_platform_display()
    # A platform no longer offered shows as stored, as Django's display does.
    assert PodcastSubscribeLink(platform="gone").label == "gone"


@pytest.mark.parametrize(
    ("platform", "url"),
    [("spotify", ""), ("apple", "javascript:alert(1)"), ("email", "mailto:nobody")],
)
def test_bad_subscribe_links_are_refused(show, platform, url):
    link = PodcastSubscribeLink(show=show, platform=platform, url=url)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "url" in error.value.message_dict


# -- transcripts and chapters -----------------------------------------------------


def test_transcript_validation():
    validate_transcript(transcript_document("t.vtt"))
    validate_transcript(
        transcript_document("t.srt", "1\n00:00:00,000 --> 00:00:02,000\nBonjour\n")
    )
    for name, text in [
        ("t.vtt", "Pas un WebVTT"),
        ("t.srt", "WEBVTT\n\n00:00.000 --> 00:02.000\nx\n"),
        ("t.txt", "WEBVTT\n"),
    ]:
        with pytest.raises(ValidationError):
            validate_transcript(transcript_document(name, text))


def test_transcript_routes_and_page(client, show):
    episode = PodcastEpisodePageFactory(
        parent=show,
        audio=fixed_audio(),
        transcript_document=transcript_document(),
        transcript_text="",
    )
    response = client.get(episode.url + "transcript/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    assert b"".join(response.streaming_content).startswith(b"WEBVTT")
    assert client.get(episode.url + "transcript/text/").status_code == 404
    page = client.get(episode.url).content.decode()
    assert "Bonjour et bienvenue." in page  # the cues, shown on the page
    assert "-->" not in page
    episode.transcript_text = "Texte <b>brut</b>."
    episode.save_revision().publish()
    text = client.get(episode.url + "transcript/text/")
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text.content.decode() == "Texte <b>brut</b>."
    assert "Texte &lt;b&gt;brut&lt;/b&gt;." in client.get(episode.url).content.decode()


def test_chapters_are_served_as_podcasting_2_json(client, show):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    assert client.get(episode.url + "chapters/").status_code == 404
    chapters(episode, (0, "Introduction"), (464, "Conclusion & suite"))
    # Published as an editor does: the publish purges the cached 404.
    episode.save_revision().publish()
    response = client.get(episode.url + "chapters/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json+chapters")
    assert json.loads(response.content) == {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0.0, "title": "Introduction"},
            {"startTime": 464.0, "title": "Conclusion & suite"},
        ],
    }


def test_draft_episode_routes_are_not_served(client, show):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio(), live=False)
    chapters(episode, (0, "Introduction"))
    for suffix in ("", "chapters/", "player/", "transcript/"):
        assert client.get(f"/podcast/{episode.slug}/{suffix}").status_code == 404


# -- linked articles ------------------------------------------------------------


def test_linked_articles_only_articles_and_only_visible(show, article_index):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    article = ArticlePageFactory(parent=article_index, title="L'article")
    draft = ArticlePageFactory(parent=article_index, title="Brouillon", live=False)
    for order, target in enumerate([article, draft]):
        PlayableVersion.objects.create(page=target, sort_order=order, playable=episode)
    episode = PodcastEpisodePage.objects.get(pk=episode.pk)
    assert [a["title"] for a in episode.linked_article_list] == ["L'article"]
    # The link is stored once, on the article's side: it takes only pages of
    # a playable type (editorial's contract), never the show.
    wrong = PlayableVersion(page=article, playable=show)
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "playable" in error.value.message_dict


def test_chapters_play_in_time_order_whatever_the_entry_order(client, show):
    episode = PodcastEpisodePageFactory(parent=show, audio=fixed_audio())
    chapters(episode, (120, "Deuxième"), (0, "Premier"))
    data = json.loads(client.get(episode.url + "chapters/").content)
    assert [c["title"] for c in data["chapters"]] == ["Premier", "Deuxième"]


def test_serial_show_lists_its_first_episode_first(client, show):
    PodcastEpisodePageFactory(
        parent=show, title="Alpha premier", publication_date="2024-01-01"
    )
    PodcastEpisodePageFactory(
        parent=show, title="Bravo second", publication_date="2024-02-01"
    )
    text = client.get(show.url).content.decode()
    assert text.index("Bravo second") < text.index("Alpha premier")
    show.show_type = "serial"
    show.save_revision().publish()
    text = client.get(show.url).content.decode()
    assert text.index("Alpha premier") < text.index("Bravo second")
