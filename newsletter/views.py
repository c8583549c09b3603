"""Readers' views: sign-up (the form of the page, the block and the footer
posts here), confirmation, preferences and unsubscribe (signed links, one
click per RFC 8058)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from contacts.spam import submission_allowed
from newsletter import subscriptions, tokens
from newsletter.forms import PreferencesForm, SubscribeForm, offered_topics
from newsletter.models import Subscription


def _site(request):
    from wagtail.models import Site

    return Site.find_for_request(request)


def invalid(request, message, status=400):
    return TemplateResponse(
        request, "newsletter/link_invalid.html", {"message": message}, status=status
    )


# Without a CSRF token: the form is on every (cached) page, and a forged
# sign-up can only send a confirmation e-mail, limited per address and IP.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    topics = offered_topics(_site(request))
    if request.method != "POST":
        form = SubscribeForm(topics=topics, initial={"source": "page"})
        return TemplateResponse(request, "newsletter/subscribe.html", {"form": form})
    form = SubscribeForm(request.POST, topics=topics)
    if not form.is_valid():
        return TemplateResponse(
            request, "newsletter/subscribe.html", {"form": form}, status=400
        )
    if form.is_spam():  # a robot sees the same thanks; nothing is kept
        return TemplateResponse(request, "newsletter/subscribe.html", {"done": True})
    email = form.cleaned_data["email"]
    if not submission_allowed(request, email, scope="newsletter"):
        return TemplateResponse(
            request,
            "newsletter/subscribe.html",
            {"form": form, "error": _("Too many attempts. Please try again later.")},
            status=429,
        )
    subscriptions.sign_up(
        request,
        email=email,
        frequency=form.cleaned_data["frequency"],
        topic_ids=form.chosen_topics(),
        source=form.cleaned_data["source"],
    )
    # The same answer whether the address was subscribed or not.
    return TemplateResponse(request, "newsletter/subscribe.html", {"done": True})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners follow links); POST confirms."""
    data = tokens.read_confirm_token(token)
    if data is None:
        return invalid(
            request,
            _(
                "This confirmation link is invalid or has expired. Sign up again "
                "to receive a new one."
            ),
        )
    if request.method != "POST":
        return TemplateResponse(request, "newsletter/confirm.html", {"token": token})
    subscription = subscriptions.confirm(data, request)
    if subscription is None:
        return invalid(request, _("This subscription no longer exists."), status=404)
    return TemplateResponse(
        request,
        "newsletter/confirm.html",
        {
            "confirmed": True,
            "manage_token": tokens.manage_token(
                subscription.pk, subscription.contact_id
            ),
        },
    )


def _subscription_or_invalid(request, token):
    subscription = tokens.subscription_for(token)
    if subscription is None:
        return None, invalid(
            request, _("This link is invalid, or the subscription no longer exists.")
        )
    return subscription, None


# RFC 8058: mail providers POST "List-Unsubscribe=One-Click" to this address
# without cookies or token; the signed link is the authorisation.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    subscription, error = _subscription_or_invalid(request, token)
    if error:
        return error
    if request.method == "POST":
        subscriptions.unsubscribe(subscription)
    return TemplateResponse(
        request,
        "newsletter/unsubscribe.html",
        {"subscription": subscription, "token": token},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    subscription, error = _subscription_or_invalid(request, token)
    if error:
        return error
    topics = offered_topics(_site(request))
    chosen = list(subscription.topics.values_list("pk", flat=True))
    # Topics chosen earlier stay offered even if they left the top list.
    known = {t["pk"] for t in topics}
    topics = topics + [
        {"pk": t.pk, "name": t.name}
        for t in subscription.topics.all()
        if t.pk not in known
    ]
    context = {"subscription": subscription, "token": token}
    if request.method == "POST":
        form = PreferencesForm(request.POST, topics=topics)
        if not form.is_valid():
            context["form"] = form
            return TemplateResponse(
                request, "newsletter/preferences.html", context, status=400
            )
        if subscription.status != Subscription.ACTIVE:
            raise Http404(_("This subscription is not active."))
        subscriptions.update_preferences(
            subscription,
            frequency=form.cleaned_data["frequency"],
            topic_ids=form.chosen_topics(),
        )
        context["saved"] = True
    context["form"] = PreferencesForm(
        topics=topics,
        initial={
            "frequency": subscription.frequency,
            "topics": [] if subscription.all_topics else chosen,
        },
    )
    return TemplateResponse(request, "newsletter/preferences.html", context)
