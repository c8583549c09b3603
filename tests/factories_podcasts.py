"""Podcast test helpers: real small audio files, artwork, shows and episodes."""

import array
import datetime
import io
import math

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document

import wagtail_factories

from editorial.models import Person, PersonLink
from podcasts.models import (
    AudioFile,
    EpisodeChapter,
    EpisodePerson,
    PodcastEpisodePage,
    PodcastSubscribeLink,
)

# container format, codec, sample rate, file extension
AUDIO_FORMATS = {
    "mp3": ("mp3", "libmp3lame", 44100),
    "m4a": ("ipod", "aac", 44100),
    "opus": ("ogg", "libopus", 48000),
    "flac": ("flac", "flac", 44100),
}


def encode_audio(kind="mp3", seconds=3):
    """A real audio file (a 440 Hz tone) encoded with PyAV (FFmpeg's encoders)."""
    import av

    container_format, codec, rate = AUDIO_FORMATS[kind]
    buffer = io.BytesIO()
    buffer.name = f"tone.{kind}"
    with av.open(buffer, "w", format=container_format) as output:
        stream = output.add_stream(codec, rate=rate, layout="mono")
        count = rate * seconds
        samples = array.array(
            "f",
            (0.3 * math.sin(2 * math.pi * 440 * i / rate) for i in range(count)),
        )
        frame = av.AudioFrame(format="flt", layout="mono", samples=count)
        frame.planes[0].update(samples.tobytes())
        frame.sample_rate = rate
        frame.pts = 0
        for packet in stream.encode(frame):
            output.mux(packet)
        for packet in stream.encode(None):
            output.mux(packet)
    return buffer.getvalue()


_mp3_cache = {}


def audio_file(kind="mp3", seconds=3, **kwargs):
    key = (kind, seconds)
    if key not in _mp3_cache:
        _mp3_cache[key] = encode_audio(kind, seconds)
    audio = AudioFile(
        title=kwargs.pop("title", f"Enregistrement {kind}"),
        file=ContentFile(_mp3_cache[key], name=f"episode.{kind}"),
        **kwargs,
    )
    audio.full_clean()
    audio.save()
    return audio


def fixed_audio(duration_seconds=464, file_size=5_100_000, mime_type="audio/mpeg"):
    """An audio record with given metadata (the file itself is not read)."""
    return AudioFile.objects.create(
        title="Enregistrement",
        file="podcasts/audio/fixed.mp3",
        duration_seconds=duration_seconds,
        file_size=file_size,
        mime_type=mime_type,
    )


def artwork(width=1400, height=1400, image_format="JPEG", color="blue", **kwargs):
    return wagtail_factories.ImageFactory(
        file__width=width,
        file__height=height,
        file__format=image_format,
        file__color=color,
        **kwargs,
    )


def subscribe_links(show, *pairs):
    """``(platform, url)`` pairs, in order; an empty URL for RSS means the feed."""
    for order, (platform, url) in enumerate(pairs):
        PodcastSubscribeLink.objects.create(
            show=show, platform=platform, url=url, sort_order=order
        )
    return show


def person(name, role="guest", episode=None, link="", **kwargs):
    slug = name.lower().replace(" ", "-")
    someone, _ = Person.objects.get_or_create(
        slug=slug, defaults={"name": name, **kwargs}
    )
    if link and not someone.links.exists():
        PersonLink.objects.create(person=someone, label="Site", url=link)
    if episode is not None:
        EpisodePerson.objects.create(
            episode=episode,
            person=someone,
            role=role,
            sort_order=episode.credits.count(),
        )
    return someone


def chapters(episode, *items):
    for order, (start, title) in enumerate(items):
        EpisodeChapter.objects.create(
            episode=episode,
            start_time=datetime.timedelta(seconds=start),
            title=title,
            sort_order=order,
        )
    return episode


def transcript_document(name="transcript.vtt", text=None):
    text = text or "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour et bienvenue.\n"
    return Document.objects.create(
        title="Transcription", file=ContentFile(text.encode(), name=name)
    )


def quick_episodes(
    show, count, audio=None, start=datetime.date(2020, 1, 1), prefix="rapide"
):
    """``count`` live episodes added straight to the tree (no revisions): fast
    enough for feeds of hundreds of items."""
    audio = audio or fixed_audio(duration_seconds=300, file_size=4_000_000)
    now = timezone.now()
    episodes = []
    for n in range(count):
        episode = PodcastEpisodePage(
            title=f"Épisode {prefix} {n}",
            slug=f"episode-{prefix}-{n}",
            audio=audio,
            episode_number=n + 1,
            summary=f"Résumé {n}.",
            show_notes=f"<p>Notes de l'épisode {n}.</p>",
            publication_date=start + datetime.timedelta(days=n),
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        show.add_child(instance=episode)
        episodes.append(episode)
    return episodes
