"""Podcast endpoints for Wagtail's API v3 (django-ninja).

``site_config/api.py`` mounts ``router``. Only live, public shows and episodes
of the requested site are listed. ``POST audio/`` uploads a recording
(multipart, behind a token), for episodes written through API v3;
``PATCH audio/<id>/`` changes its metadata (JSON) and ``POST audio/<id>/``
replaces its recording (multipart).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest

from wagtail.api.v3.auth import BearerTokenAuth

from ninja import Body, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from editorial.api.caching import http_cached
from editorial.api.problems import PROBLEM_DOCS, PROBLEMS
from editorial.api.schemas import ObjectId, PageQuery
from editorial.content import Visibility

from .models import EpisodePerson, PodcastEpisodePage, PodcastShowPage
from .schemas import EnclosureSchema, LinkSchema, SubscribeLinkSchema

router = Router(tags=["podcasts"])


class ShowSchema(Schema):
    id: int
    title: str
    url: str | None
    description: str
    feed_url: str | None
    podcast_guid: str | None
    language: str
    categories: list[str]
    explicit: bool
    show_type: str
    artwork_url: str | None
    subscribe_links: list[SubscribeLinkSchema]


class PersonSchema(Schema):
    name: str
    role: str
    organisation: str


class EpisodeSchema(Schema):
    id: int
    guid: str
    title: str
    url: str | None
    publication_date: str
    summary: str
    season_number: int | None
    episode_number: int | None
    episode_type: str
    explicit: bool
    enclosure: EnclosureSchema
    transcript_url: str | None
    chapters_url: str | None
    show: LinkSchema | None
    people: list[PersonSchema]
    linked_articles: list[LinkSchema]


def show_out(show):
    return {
        "id": show.pk,
        "title": show.title,
        "url": show.full_url,
        "description": show.description,
        "feed_url": show.feed_url,
        "podcast_guid": str(show.podcast_guid) if show.podcast_guid else None,
        "language": show.language,
        "categories": show.category_list,
        "explicit": show.explicit,
        "show_type": show.show_type,
        "artwork_url": show.artwork_url,
        "subscribe_links": show.subscribe_link_list,
    }


class ShowListSchema(Schema):
    count: int
    items: list[ShowSchema]


class EpisodeListSchema(Schema):
    count: int
    items: list[EpisodeSchema]


def _window(pagination):
    return slice(pagination.offset, pagination.offset + pagination.limit)


def episode_rows(request, episodes):
    """Serialise a page of episodes with a constant number of queries: their
    shows and the visible linked articles are loaded once for all of them."""
    episodes = list(episodes)
    visibility = Visibility.for_request(request)
    for episode in episodes:
        episode.__dict__["reader_visibility"] = visibility
    PodcastEpisodePage.prepare_api_listing(episodes, request)
    return [episode_out(episode) for episode in episodes]


def episode_out(episode):
    show = episode.show
    return {
        "id": episode.pk,
        "guid": str(episode.guid),
        "title": episode.title,
        "url": episode.full_url,
        "publication_date": episode.publication_date.isoformat(),
        "summary": episode.summary,
        "season_number": episode.season_number,
        "episode_number": episode.episode_number,
        "episode_type": episode.episode_type,
        "explicit": episode.explicit,
        "enclosure": episode.enclosure,
        "transcript_url": episode.transcript_url,
        "chapters_url": episode.chapters_url,
        "show": show and {k: show[k] for k in ("id", "title", "url")},
        "people": episode.people,
        "linked_articles": episode.linked_article_list,
    }


def _episodes(request):
    return (
        Visibility.for_request(request)
        .pages(PodcastEpisodePage)
        .select_related("audio", "transcript_document")
        .prefetch_related(
            "chapters",
            "playable_version_of",
            Prefetch(
                "credits", queryset=EpisodePerson.objects.select_related("person")
            ),
        )
        .order_by("-publication_date", "-pk")
    )


@router.get(
    "/shows/",
    response={200: ShowListSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="podcast_shows",
)
@http_cached
def list_shows(request: HttpRequest, pagination: Query[PageQuery]):
    """Live, public shows of this site, with their feed URL and subscribe links
    (``?limit=`` up to 100, ``?offset=``)."""
    shows = (
        Visibility.for_request(request)
        .pages(PodcastShowPage)
        .select_related("artwork")
        .prefetch_related("subscribe_links")
        .order_by("title")
    )
    return {
        "count": shows.count(),
        "items": [show_out(show) for show in shows[_window(pagination)]],
    }


@router.get(
    "/shows/{show_id}/",
    response={200: ShowSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="podcast_show",
)
@http_cached
def get_show(request: HttpRequest, show_id: ObjectId):
    show = (
        Visibility.for_request(request)
        .pages(PodcastShowPage)
        .prefetch_related("subscribe_links")
        .filter(pk=show_id)
        .first()
    )
    if show is None:
        raise Http404("No such show.")
    return show_out(show)


@router.get(
    "/shows/{show_id}/episodes/",
    response={200: EpisodeListSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="podcast_show_episodes",
)
@http_cached
def list_show_episodes(
    request: HttpRequest, show_id: ObjectId, pagination: Query[PageQuery]
):
    """The show's live, public episodes, newest first."""
    show = Visibility.for_request(request).pages(PodcastShowPage).filter(pk=show_id)
    show = show.first()
    if show is None:
        raise Http404("No such show.")
    episodes = _episodes(request).child_of(show)
    return {
        "count": episodes.count(),
        "items": episode_rows(request, episodes[_window(pagination)]),
    }


@router.get(
    "/episodes/",
    response={200: EpisodeListSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="podcast_episodes",
)
@http_cached
def list_episodes(request: HttpRequest, pagination: Query[PageQuery]):
    """Every live, public episode of this site, newest first (``?limit=`` up
    to 100, ``?offset=``)."""
    episodes = _episodes(request)
    return {
        "count": episodes.count(),
        "items": episode_rows(request, episodes[_window(pagination)]),
    }


@router.get(
    "/episodes/{episode_id}/",
    response={200: EpisodeSchema, **PROBLEMS},
    openapi_extra=PROBLEM_DOCS,
    url_name="podcast_episode",
)
@http_cached
def get_episode(request: HttpRequest, episode_id: ObjectId):
    episode = _episodes(request).filter(pk=episode_id).first()
    if episode is None:
        raise Http404("No such episode.")
    return episode_rows(request, [episode])[0]


class AudioFileSchema(Schema):
    """An uploaded recording, as read from its content."""

    id: int
    title: str
    url: str
    duration_seconds: int | None
    file_size: int
    mime_type: str


class AudioFilePatchSchema(Schema):
    """What a client may change of a recording without replacing its file.
    An empty title is taken from the file's tags, else its name (as in the
    admin); duration, size and type are read from the file, never sent."""

    model_config = {"extra": "forbid"}

    title: str | None = Field(None, max_length=255)


def _audio_out(request, audio):
    return {
        "id": audio.pk,
        "title": audio.title,
        "url": request.build_absolute_uri(audio.file.url),
        "duration_seconds": audio.duration_seconds,
        "file_size": audio.file_size,
        "mime_type": audio.mime_type,
    }


def _save_audio(request, form, action):
    """Save the admin's audio-file form for the token's user: 422 naming the
    field when the admin would refuse it (nothing saved), logged with the
    user otherwise."""
    from wagtail.log_actions import log
    from wagtail.utils.forms import FormValidationError

    if not form.is_valid():
        raise FormValidationError.from_form(form)
    with transaction.atomic():
        audio = form.save()
        log(audio, action, user=request.user)
    return audio


def _check_audio_permission(user, action):
    from wagtail.permissions import policy_registry

    from .models import AudioFile

    if not policy_registry.get_by_type(AudioFile).user_has_permission(user, action):
        raise PermissionDenied


def _audio_or_404(audio_id):
    from .models import AudioFile

    audio = AudioFile.objects.filter(pk=audio_id).first()
    if audio is None:
        raise Http404("No such audio file.")
    return audio


@router.post(
    "/audio/",
    response={201: AudioFileSchema, **PROBLEMS},
    url_name="podcasts_audio_upload",
    summary="Upload an audio file",
    operation_id="podcasts_audio_upload",
    auth=BearerTokenAuth(),
    openapi_extra=PROBLEM_DOCS,
)
def upload_audio(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's way
    title: str = Form(""),
):
    """Multipart upload of a recording (``file``, optional ``title``), with
    the admin's checks (the audio-file form: a real MP3, M4A or Ogg file
    within the size limit; the title from its tags or name when left
    empty) and its duration, size and type read from the content. Needs the
    token's user to may add audio files; logged with that user."""
    from .forms import AudioFileUploadForm

    _check_audio_permission(request.user, "add")
    form = AudioFileUploadForm(data={"title": title}, files={"file": file})
    audio = _save_audio(request, form, "wagtail.create")
    return Status(201, _audio_out(request, audio))


@router.patch(
    "/audio/{audio_id}/",
    response={200: AudioFileSchema, **PROBLEMS},
    url_name="podcasts_audio_update",
    summary="Update an audio file's metadata",
    operation_id="podcasts_audio_update",
    auth=BearerTokenAuth(),
    openapi_extra=PROBLEM_DOCS,
)
def update_audio(
    request: HttpRequest,
    audio_id: ObjectId,
    data: AudioFilePatchSchema = Body(...),  # noqa: B008 - django-ninja's way
):
    """JSON: the fields sent change, the others stay (its file stays too:
    replace it with ``POST`` on the same address). Through the admin's
    audio-file form; needs the token's user to may change audio files;
    logged with that user."""
    from .forms import AudioFileUploadForm

    _check_audio_permission(request.user, "change")
    audio = _audio_or_404(audio_id)
    sent = data.model_dump(exclude_unset=True)
    title = sent.get("title")
    form = AudioFileUploadForm(
        data={"title": audio.title if title is None else title},
        files={},
        instance=audio,
    )
    return _audio_out(request, _save_audio(request, form, "wagtail.edit"))


@router.post(
    "/audio/{audio_id}/",
    response={200: AudioFileSchema, **PROBLEMS},
    url_name="podcasts_audio_replace",
    summary="Replace an audio file's recording",
    operation_id="podcasts_audio_replace",
    auth=BearerTokenAuth(),
    openapi_extra=PROBLEM_DOCS,
)
def replace_audio(
    request: HttpRequest,
    audio_id: ObjectId,
    file: UploadedFile = File(...),  # noqa: B008 - django-ninja's way
    title: str | None = Form(None),
):
    """Multipart (``file``, optional ``title``; multipart is ``POST`` so
    that no host site needs django-ninja's middleware for ``PUT`` files):
    the new recording goes through the same checks as an upload and its
    duration, size and type are read again; the title stays unless sent
    (sent empty: read from the new file's tags, else its name). Episodes
    using it keep it. Needs the token's user to may change audio files."""
    from .forms import AudioFileUploadForm

    _check_audio_permission(request.user, "change")
    audio = _audio_or_404(audio_id)
    form = AudioFileUploadForm(
        data={"title": audio.title if title is None else title},
        files={"file": file},
        instance=audio,
    )
    return _audio_out(request, _save_audio(request, form, "wagtail.edit"))
