"""Admin views of digests: preview for a chosen subscriber's topics (or
chosen topics), a test sent to oneself, sending now or at the scheduled
time, resuming after a crash; and the dashboard's subscriber counts."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wagtail.admin import messages
from wagtail.admin.ui.components import Component

from editorial.modeladmin import bad_request
from newsletter import digest as digest_items
from newsletter import sending
from newsletter.mail import DigestRenderer
from newsletter.models import Digest, Subscription
from newsletter.permissions import can_send_digest, can_view_subscribers

PREVIEW_PARAMETERS = {"email", "topic", "language"}


def _digest(request, digest_id):
    if not can_send_digest(request.user):
        raise PermissionDenied
    if digest_id > 2**63 - 1:
        raise Http404
    return get_object_or_404(Digest, pk=digest_id)


class PreviewChoice:
    """What the preview is for: a subscriber (by address, for those allowed
    to see subscribers), else chosen topics (none: everything), a language."""

    def __init__(self, request):
        self.error = ""
        unknown = set(request.GET) - PREVIEW_PARAMETERS
        if unknown:
            self.error = _("Unknown parameter “%(name)s”.") % {
                "name": sorted(unknown)[0]
            }
        self.email = request.GET.get("email", "").strip()[:254]
        self.language = request.GET.get("language") or translation.get_language()
        if self.language not in ("fr", "en"):
            self.error = self.error or _("Unknown language.")
            self.language = "fr"
        raw_topics = request.GET.getlist("topic")
        if not all(t.isdigit() and len(t) < 12 for t in raw_topics):
            self.error = self.error or _("Topics are given by their number.")
            raw_topics = []
        self.topic_ids = [int(t) for t in raw_topics]
        self.subscription = None
        if self.email and not self.error:
            if not can_view_subscribers(request.user):
                self.error = _(
                    "Previewing for a subscriber needs the permission to view "
                    "subscribers."
                )
            else:
                self.subscription = (
                    Subscription.objects.select_related("contact")
                    .filter(contact__email=self.email.lower())
                    .first()
                )
                if self.subscription is None:
                    self.error = _("No subscriber has this address.")
                else:
                    self.language = self.subscription.language
                    self.topic_ids = list(
                        self.subscription.topics.values_list("pk", flat=True)
                    )
        self.all_topics = (
            self.subscription.all_topics if self.subscription else not self.topic_ids
        )


def _window(digest):
    """The window of a digest that started, else the one it would have now."""
    if digest.until:
        return digest.since, digest.until
    since, until = sending.window(digest)
    return digest.since or since, until


def render_preview(digest, choice, base_url):
    since, until = _window(digest)
    items = digest_items.gather(
        since, until, campaign=digest_items.campaign_of(digest) + "-preview"
    )
    chosen = digest_items.select(
        items, all_topics=choice.all_topics, topic_ids=choice.topic_ids
    )
    renderer = DigestRenderer(digest, base_url)
    subject, text, html = renderer.render(choice.language, chosen, "preview")
    return {
        "since": since,
        "until": until,
        "items": chosen,
        "gathered": len(items),
        "subject": " ".join(subject.split()),
        "text": text,
        "html": html,
    }


@require_GET
def digest_preview(request, digest_id):
    from taggit.models import Tag

    from newsletter.forms import offered_topics

    digest = _digest(request, digest_id)
    choice = PreviewChoice(request)
    preview = render_preview(digest, choice, digest_items.base_url())
    context = {
        "digest": digest,
        "choice": choice,
        "preview": preview,
        "query": request.GET.urlencode(),
        "topics": offered_topics(digest_items.default_site())
        or list(Tag.objects.order_by("name").values("pk", "name")[:50]),
        "can_view_subscribers": can_view_subscribers(request.user),
        "counts": sending.counts(digest),
        "page_title": str(digest),
    }
    status = 400 if choice.error else 200
    return TemplateResponse(
        request, "newsletter/admin/digest_preview.html", context, status=status
    )


@require_GET
def digest_preview_email(request, digest_id):
    """The HTML e-mail alone, for the preview's frame."""
    digest = _digest(request, digest_id)
    choice = PreviewChoice(request)
    if choice.error:
        return bad_request(request, choice.error)
    html = render_preview(digest, choice, digest_items.base_url())["html"]
    response = HttpResponse(html)
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:"
    )
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@require_POST
def digest_send_test(request, digest_id):
    """The previewed digest to the editor's own address only."""
    from newsletter.mail import links, message

    digest = _digest(request, digest_id)
    choice = PreviewChoice(request)
    if choice.error:
        return bad_request(request, choice.error)
    if not request.user.email:
        messages.error(request, _("Your account has no e-mail address."))
        return redirect("newsletter_digest_preview", digest.pk)
    base_url = digest_items.base_url()
    preview = render_preview(digest, choice, base_url)
    unsubscribe_url = links(base_url, "preview")["unsubscribe_url"]
    message(
        request.user.email,
        "[TEST] " + preview["subject"],
        preview["text"],
        preview["html"],
        unsubscribe_url,
    ).send()
    messages.success(
        request, _("A test was sent to %(email)s.") % {"email": request.user.email}
    )
    return redirect("newsletter_digest_preview", digest.pk)


@require_POST
def digest_send(request, digest_id):
    """``action``: ``now`` (start sending), ``schedule`` (at the digest's
    "send at" time) or ``resume`` (a digest whose sending stopped)."""
    from newsletter.tasks import send_digest_batch, start_digest

    digest = _digest(request, digest_id)
    action = request.POST.get("action", "")
    if action == "now" and digest.status in (Digest.DRAFT, Digest.SCHEDULED):
        transaction.on_commit(lambda: start_digest.enqueue(digest.pk))
        messages.success(request, _("Sending has started."))
    elif action == "schedule" and digest.status == Digest.DRAFT:
        if not digest.scheduled_at or digest.scheduled_at <= timezone.now():
            return bad_request(
                request, _("Set a future “send at” time in the digest first.")
            )
        task = start_digest
        if not task.get_backend().supports_defer:
            return bad_request(
                request, _("This site's task queue cannot run tasks later.")
            )
        Digest.objects.filter(pk=digest.pk).update(status=Digest.SCHEDULED)
        transaction.on_commit(
            lambda: task.using(run_after=digest.scheduled_at).enqueue(digest.pk)
        )
        messages.success(request, _("The digest is scheduled."))
    elif action == "resume" and digest.status == Digest.SENDING:
        transaction.on_commit(lambda: send_digest_batch.enqueue(digest.pk))
        messages.success(request, _("Sending resumes."))
    else:
        return bad_request(request, _("This digest cannot do that now."))
    return redirect("newsletter_digest_preview", digest.pk)


class SubscriberCountsPanel(Component):
    """Subscribers by status and frequency, in one query."""

    name = "newsletter_subscribers"
    order = 150
    template_name = "newsletter/admin/dashboard_panel.html"

    def get_context_data(self, parent_context):
        rows = (
            Subscription.objects.values_list("status", "frequency")
            .annotate(n=Count("id"))
            .order_by()
        )
        counts = {}
        for status, frequency, n in rows:
            counts.setdefault(status, {})[frequency] = n
        statuses = [
            {
                "label": label,
                "weekly": counts.get(value, {}).get("weekly", 0),
                "monthly": counts.get(value, {}).get("monthly", 0),
            }
            for value, label in Subscription.STATUS_CHOICES
        ]
        return {"statuses": statuses, "request": parent_context.get("request")}
