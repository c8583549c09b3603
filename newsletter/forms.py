"""The reader's forms: sign-up (page, block, footer) and preferences."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from contacts.spam import HoneypotMixin
from newsletter.conf import get_setting
from newsletter.models import FREQUENCY_CHOICES, WEEKLY

CONSENT_TEXT = _(
    "I want to receive the publication's newsletter by e-mail. I can "
    "unsubscribe at any time with the link in every e-mail."
)

# Throw-away mailbox services: a subscription there is never read.
DISPOSABLE_DOMAINS = {
    "10minutemail.com",
    "20minutemail.com",
    "discard.email",
    "dispostable.com",
    "fakeinbox.com",
    "getnada.com",
    "guerrillamail.com",
    "guerrillamail.net",
    "jetable.org",
    "mailcatch.com",
    "maildrop.cc",
    "mailinator.com",
    "mailnesia.com",
    "mintemail.com",
    "mohmal.com",
    "mytemp.email",
    "sharklasers.com",
    "spamgourmet.com",
    "temp-mail.org",
    "tempmail.com",
    "tempmailo.com",
    "throwawaymail.com",
    "trashmail.com",
    "yopmail.com",
    "yopmail.fr",
}
SOURCES = ("footer", "block", "page")


def is_disposable(address):
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    refused = DISPOSABLE_DOMAINS | {
        d.lower() for d in get_setting("PRESSROOM_NEWSLETTER_DISPOSABLE_DOMAINS")
    }
    return any(domain == d or domain.endswith("." + d) for d in refused)


def offered_topics(site):
    """The most used tags of the site's visible content, A to Z."""
    from taggit.models import Tag

    from editorial import listing_cache
    from editorial.content import Visibility

    if site is None:
        return []
    limit = get_setting("PRESSROOM_NEWSLETTER_TOPICS")

    def build():
        counts = Visibility(site).tag_counts()
        top = sorted(counts, key=lambda pk: (-counts[pk], pk))[:limit]
        return list(
            Tag.objects.filter(pk__in=top).order_by("name").values("pk", "name")
        )

    return listing_cache.cached(("newsletter-topics", site.pk, limit), build)


class TopicsMixin(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=FREQUENCY_CHOICES,
        initial=WEEKLY,
        widget=forms.RadioSelect,
    )
    topics = forms.TypedMultipleChoiceField(
        label=_("Topics (none ticked: everything)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t["pk"], t["name"]) for t in topics]
        if not topics:
            del self.fields["topics"]

    def chosen_topics(self):
        return list(self.cleaned_data.get("topics") or [])


class SubscribeForm(HoneypotMixin, TopicsMixin):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    source = forms.ChoiceField(
        choices=[(s, s) for s in SOURCES], required=False, widget=forms.HiddenInput
    )

    field_order = ["email", "frequency", "topics", "source", "website"]

    def clean_email(self):
        email = self.cleaned_data["email"]
        if is_disposable(email):
            raise ValidationError(
                _(
                    "Addresses of throw-away mailboxes cannot subscribe: please "
                    "give an address you read."
                )
            )
        return email

    def clean_source(self):
        return self.cleaned_data.get("source") or "page"


class PreferencesForm(TopicsMixin):
    pass
