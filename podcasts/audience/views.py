"""The counting endpoint every published audio URL points at."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.views.decorators.http import require_safe

from wagtail.models import Page

from podcasts.models import PodcastEpisodePage

from . import delivery
from .counting import register_request


def _episode(episode_id):
    # The show is the parent page (the path minus one step), found in the same
    # query, since counting stores it beside the episode.
    parent = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    ).values("pk")[:1]
    episode = (
        PodcastEpisodePage.objects.live()
        .public()
        .filter(pk=episode_id, audio__isnull=False)
        .select_related("audio")
        .only(
            "pk",
            "path",
            "audio",
            "audio__file",
            "audio__file_size",
            "audio__duration_seconds",
            "audio__mime_type",
        )
        .annotate(show_id=Subquery(parent))
        .first()
    )
    if episode is None:
        raise Http404("No such episode.")
    return episode


@require_safe
def download(request, episode_id, source, filename):
    """Count the request under the IAB rules, then hand the audio over
    (served with byte ranges, through nginx, or redirected to the storage).
    Only live, public episodes; ``HEAD`` is never counted."""
    episode = _episode(int(episode_id))
    audio = episode.audio
    if request.method == "GET":
        covered = delivery.covered_bytes(
            request.headers.get("Range", ""), audio.file_size
        )
        register_request(request, episode, source, covered)
    return delivery.deliver(request, audio)
