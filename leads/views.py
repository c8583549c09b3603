"""Readers' views: registering for an event (its own page, and the form the
event block posts to), cancelling, and gated resources with their download."""

from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from contacts.capture import capture
from contacts.models import Contact
from contacts.spam import submission_allowed
from leads import events, tokens
from leads.forms import LeadForm, RegistrationForm
from leads.models import Registration, ResourcePage
from leads.tasks import send_download_email, send_registration_email


def _base_url(request):
    return request.build_absolute_uri("/")


def _queue(task, *args):
    from django.db import transaction

    transaction.on_commit(lambda: task.enqueue(*args))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def event_registration(request, page_id, block_id):
    """The event's registration page: the form on GET, the registration on POST."""
    page, value = events.visible_event(request, page_id, block_id)
    if page is None:
        raise Http404(_("No such event."))
    settings = value.get("registration") or {}
    if not settings.get("enabled"):
        raise Http404(_("This event takes no registrations on this site."))
    state = events.state(page, block_id, value)
    form = RegistrationForm(settings=settings)
    context = {"page": page, "event": value, "block_id": block_id, "state": state}
    if request.method == "POST":
        form = RegistrationForm(request.POST, settings=settings)
        if state["status"] == "closed":
            context.update(form=form, error=_("Registration for this event is closed."))
            return TemplateResponse(
                request, "leads/event_registration.html", context, status=409
            )
        if not form.is_valid():
            context["form"] = form
            return TemplateResponse(
                request, "leads/event_registration.html", context, status=400
            )
        if form.is_spam():  # a robot: it sees the same thanks, nothing is kept
            context["outcome"] = Registration.CONFIRMED
            return TemplateResponse(request, "leads/event_registration.html", context)
        if not submission_allowed(request, form.cleaned_data["email"], scope="event"):
            context.update(
                form=form, error=_("Too many attempts. Please try again later.")
            )
            return TemplateResponse(
                request, "leads/event_registration.html", context, status=429
            )
        event = events.sync_event(page, block_id, value)
        contact = capture(
            request,
            email=form.cleaned_data["email"],
            kind="event_registration",
            page=page,
            details={"event": event.title, "event_id": event.pk},
            consent_text=form.consent_text(),
            **form.contact_fields(),
        )
        registration, created = events.register(event, contact, form.answers())
        if created:
            _queue(
                send_registration_email,
                registration.pk,
                registration.status,
                _base_url(request),
                translation.get_language(),
            )
        context["outcome"] = registration.status
        return TemplateResponse(request, "leads/event_registration.html", context)
    context["form"] = form
    return TemplateResponse(request, "leads/event_registration.html", context)


@require_http_methods(["GET", "HEAD"])
def page_event_ics(request, page_id):
    """The .ics of an event page (``EventPage``): the same UID and sequence
    as the e-mails' attachments."""
    from leads.mail import calendar_bytes
    from leads.models import Event

    page, value = events.visible_event(request, page_id, events.PAGE_EVENT_ID)
    if page is None:
        raise Http404(_("No such event."))
    row = Event.objects.filter(page_id=page.pk, block_id=events.PAGE_EVENT_ID).first()
    event = Event(
        page_id=page.pk,
        block_id=events.PAGE_EVENT_ID,
        sequence=row.sequence if row else 0,
        **events.event_fields(value),
    )
    body = calendar_bytes(event, _base_url(request), url=page.get_full_url(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="event.ics"'
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel_registration(request, token):
    registration = events.registration_for_token(token)
    if registration is None:
        return TemplateResponse(
            request,
            "contacts/link_invalid.html",
            {"message": _("This cancellation link is invalid or has expired.")},
            status=400,
        )
    event = registration.event
    started = event.starts_at is not None and event.starts_at <= timezone.now()
    context = {"registration": registration, "event": event, "started": started}
    if request.method == "POST" and not started:
        asked_at = timezone.now()
        promoted = events.cancel(registration)
        # Cancelled by this request (not by a double submit's other half).
        if registration.cancelled_at and registration.cancelled_at >= asked_at:
            _queue(
                send_registration_email,
                registration.pk,
                "cancelled",
                _base_url(request),
                translation.get_language(),
            )
        if promoted is not None:
            _queue(
                send_registration_email,
                promoted.pk,
                "promoted",
                _base_url(request),
                translation.get_language(),
            )
        context["cancelled"] = True
        registration.refresh_from_db()
    return TemplateResponse(request, "leads/cancel.html", context)


def _download_url(request, page, contact):
    return request.build_absolute_uri(
        reverse("leads:download", args=[tokens.download_token(page, contact)])
    )


def _source_page_id(request):
    """The page whose block the form was posted from (``from_page``), if any."""
    value = request.POST.get("from_page", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def render_resource_block(request, page, source_page, heading, teaser):
    """The gated resource's block inside another page: the form (posting to
    the resource page, which answers with the link) or, for a returning
    reader, the download link at once."""
    contact_id = tokens.remembered_contact_id(request)
    contact = Contact.objects.filter(pk=contact_id).first() if contact_id else None
    form_kwargs = {"ask_company": page.ask_company, "ask_job_title": page.ask_job_title}
    return render_to_string(
        "leads/includes/resource_block.html",
        {
            "resource": page,
            "heading": heading,
            "teaser": teaser,
            "source_page": source_page,
            "download_url": _download_url(request, page, contact) if contact else "",
            "form": None
            if contact
            else LeadForm(auto_id=f"res-{page.pk}-%s", **form_kwargs),
        },
        request=request,
    )


def serve_resource(request, page):
    """A gated resource page: the form, or the link for a reader who filled
    it in (now, or within PRESSROOM_READER_MEMORY_DAYS: signed cookie)."""
    context = {"page": page, "self": page}
    form_kwargs = {"ask_company": page.ask_company, "ask_job_title": page.ask_job_title}
    if request.method == "POST":
        form = LeadForm(request.POST, **form_kwargs)
        if not form.is_valid():
            context["form"] = form
            return TemplateResponse(request, page.template, context, status=400)
        if form.is_spam():
            context["form"] = LeadForm(**form_kwargs)
            return TemplateResponse(request, page.template, context)
        if not submission_allowed(
            request, form.cleaned_data["email"], scope="resource"
        ):
            context.update(
                form=form, error=_("Too many attempts. Please try again later.")
            )
            return TemplateResponse(request, page.template, context, status=429)
        contact = capture(
            request,
            email=form.cleaned_data["email"],
            kind="resource_download",
            page=page,
            details={"resource": page.title}
            | (
                {"from_page_id": source} if (source := _source_page_id(request)) else {}
            ),
            consent_text=form.consent_text(),
            **form.contact_fields(),
        )
        url = _download_url(request, page, contact)
        _queue(
            send_download_email, contact.pk, page.title, url, translation.get_language()
        )
        context.update(download_url=url, emailed=True)
        response = TemplateResponse(request, page.template, context)
        tokens.remember_reader(response, contact)
        return response
    if request.method not in ("GET", "HEAD"):
        return HttpResponseBadRequest()
    contact_id = tokens.remembered_contact_id(request)
    contact = Contact.objects.filter(pk=contact_id).first() if contact_id else None
    if contact is not None:
        context["download_url"] = _download_url(request, page, contact)
    else:
        context["form"] = LeadForm(**form_kwargs)
    response = TemplateResponse(request, page.template, context)
    response["Cache-Control"] = "private, no-cache"
    return response


@never_cache
@require_http_methods(["GET", "HEAD"])
def download(request, token):
    """The document of a gated resource, for a valid, unexpired link only."""
    found = tokens.read_download_token(token)
    page = None
    if found is not None:
        page_id, contact_id = found
        page = (
            ResourcePage.objects.live()
            .filter(pk=page_id)
            .select_related("document")
            .first()
        )
        if page is not None and not Contact.objects.filter(pk=contact_id).exists():
            page = None  # erased since: the link dies with the contact
    if page is None:
        return TemplateResponse(
            request,
            "contacts/link_invalid.html",
            {"message": _("This download link is invalid or has expired.")},
            status=403,
        )
    document = page.document
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
