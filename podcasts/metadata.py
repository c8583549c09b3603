"""schema.org JSON-LD of shows and episodes (PodcastSeries, PodcastEpisode)."""

from editorial.templatetags.editorial_tags import json_ld_script
from podcasts.templatetags.podcast_tags import duration_iso


def show_data(show):
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastSeries",
        "name": show.title,
        "description": show.description,
        "url": show.full_url,
        "webFeed": show.feed_url,
        "inLanguage": show.language,
        "author": {"@type": "Organization", "name": show.author_name},
    }
    if show.artwork_id:
        data["image"] = show.artwork_url
    return data


def episode_data(episode):
    audio = episode.audio
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": episode.full_url,
        "datePublished": episode.publication_date.isoformat(),
        "description": episode.teaser or "",
        "timeRequired": duration_iso(audio.duration_seconds),
        "associatedMedia": {
            "@type": "AudioObject",
            "contentUrl": episode.audio_url,
            "encodingFormat": audio.mime_type,
            "contentSize": str(audio.file_size),
            "duration": duration_iso(audio.duration_seconds),
        },
    }
    if episode.episode_number is not None:
        data["episodeNumber"] = episode.episode_number
    show = episode.show_page
    if show is not None:
        data["partOfSeries"] = {
            "@type": "PodcastSeries",
            "name": show.title,
            "url": show.full_url,
        }
    people = episode.credit_list
    if people:
        data["actor"] = [
            {"@type": "Person", "name": credit.person.name} for credit in people
        ]
    return data


def page_json_ld_script(page, request=None):
    """The page's JSON-LD ``<script>`` (with the request's CSP nonce)."""
    from podcasts.models import PodcastEpisodePage, PodcastShowPage

    if isinstance(page, PodcastShowPage):
        data = show_data(page)
    elif isinstance(page, PodcastEpisodePage) and page.audio_id:
        data = episode_data(page)
    else:
        return ""
    return json_ld_script(data, request)
