"""The newsletter's e-mails: sign-up confirmation, "already subscribed" and
the digest, each in plain text and HTML (one column, inline styles, no
images, like leads' e-mails). Each carries the RFC 8058 one-click
unsubscribe headers and the link to the subscriber's preferences."""

import email.policy
import email.policy as email_policy
from email.utils import make_msgid, parseaddr

import django
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from newsletter import tokens
from newsletter.conf import from_email

# Stand for the subscriber's own link token and address in a digest rendered
# (and serialised) once for every subscriber with the same items and language.
TOKEN_PLACEHOLDER = "PRESSROOM-NEWSLETTER-TOKEN"
TO_PLACEHOLDER = "pressroom-newsletter-recipient@placeholder.invalid"


def links(base_url, token):
    return {
        "preferences_url": base_url + reverse("newsletter:preferences", args=[token]),
        "unsubscribe_url": base_url + reverse("newsletter:unsubscribe", args=[token]),
    }


def unsubscribe_headers(unsubscribe_url):
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# Lines up to RFC 5322's limit: folded at 78 characters, a List-Unsubscribe
# URL (one long token) would be turned into RFC 2047 encoded words, which
# mail providers do not read as a URL.


class NewsletterMessage(EmailMultiAlternatives):
    def message(self, **kwargs):
        if django.VERSION >= (6, 0):
            policy = kwargs.get("policy") or email.policy.default
            kwargs["policy"] = policy.clone(max_line_length=998)
            return super().message(**kwargs)
        # Django 5.2 writes compat32 messages: never encoded, but folded
        # before the URL ("List-Unsubscribe: \r\n <https://…>").
        message = super().message(**kwargs)
        message.policy = email.policy.compat32.clone(max_line_length=998)
        return message


def message(to, subject, text, html, unsubscribe_url, connection=None):
    email = NewsletterMessage(
        subject=" ".join(subject.split()),
        body=text,
        from_email=from_email(),
        to=[to],
        headers=unsubscribe_headers(unsubscribe_url),
        connection=connection,
    )
    if html:
        email.attach_alternative(html, "text/html")
    return email


def _site_name(site=None):
    from newsletter.digest import default_site

    site = site or default_site()
    return site.site_name if site and site.site_name else "Pressroom"


def confirmation_email(subscription, confirm_url, base_url, *, already=False):
    """``already``: the address is subscribed; it gets its preferences link
    instead of a confirmation (the form answered the same either way)."""
    token = tokens.manage_token(subscription.pk, subscription.contact_id)
    context = {
        "confirm_url": confirm_url,
        "already": already,
        "site_name": _site_name(),
        **links(base_url, token),
    }
    with translation.override(subscription.language):
        subject = render_to_string("newsletter/emails/confirm_subject.txt", context)
        context["subject"] = " ".join(subject.split())
        context["language"] = translation.get_language()
        text = render_to_string("newsletter/emails/confirm.txt", context)
        html = render_to_string("newsletter/emails/confirm.html", context)
    message(
        subscription.contact.email, subject, text, html, context["unsubscribe_url"]
    ).send()


class DigestRenderer:
    """Renders each distinct (language, items) digest once and gives every
    subscriber their copy with their own links."""

    def __init__(self, digest, base_url, site=None):
        self.digest = digest
        self.base_url = base_url
        self.site_name = _site_name(site)
        self._rendered = {}

    def render(self, language, items, token=TOKEN_PLACEHOLDER):
        key = (language, tuple(id(item) for item in items))
        rendered = self._rendered.get(key)
        if rendered is None:
            context = {
                "digest": self.digest,
                "intro": self.digest.intro,
                "items": items,
                "site_name": self.site_name,
                "base_url": self.base_url,
                "language": language,
                **links(self.base_url, TOKEN_PLACEHOLDER),
            }
            with translation.override(language):
                rendered = (
                    render_to_string("newsletter/emails/digest_subject.txt", context),
                    render_to_string("newsletter/emails/digest.txt", context),
                    render_to_string("newsletter/emails/digest.html", context),
                )
            self._rendered[key] = rendered
        return tuple(part.replace(TOKEN_PLACEHOLDER, token) for part in rendered)

    def raw(self, subscription, items):
        """``(envelope sender, message bytes)`` of the subscriber's copy, made
        from the group's message serialised once (serialising a MIME message
        costs more than rendering it); None when that cannot be done safely
        (an address or a part that the serialisation would encode)."""
        email_address = subscription.contact.email
        if not email_address.isascii():
            return None
        key = ("raw", subscription.language, tuple(id(item) for item in items))
        template = self._rendered.get(key, False)
        if template is False:
            template = self._serialise(subscription.language, items)
            self._rendered[key] = template
        if template is None:
            return None
        sender, data, message_id = template
        token = tokens.manage_token(subscription.pk, subscription.contact_id)
        data = (
            data.replace(TOKEN_PLACEHOLDER.encode(), token.encode())
            .replace(TO_PLACEHOLDER.encode(), email_address.encode())
            .replace(message_id, make_msgid(domain=DNS_NAME).encode())
        )
        return sender, data

    def _serialise(self, language, items):
        subject, text, html = self.render(language, items)
        unsubscribe_url = links(self.base_url, TOKEN_PLACEHOLDER)["unsubscribe_url"]
        email = message(TO_PLACEHOLDER, subject, text, html, unsubscribe_url)
        message_id = make_msgid(domain=DNS_NAME)
        email.extra_headers["Message-ID"] = message_id
        if django.VERSION >= (6, 0):
            data = email.message(policy=email_policy.SMTP).as_bytes()
        else:
            data = email.message().as_bytes(linesep="\r\n")
        # Bodies sent as 8bit text keep each token whole; quoted-printable
        # or base64 would cut or hide it.
        if (
            b"quoted-printable" in data
            or b"base64" in data
            or data.count(TOKEN_PLACEHOLDER.encode()) < 3
            or data.count(message_id.encode()) != 1
        ):
            return None
        sender = parseaddr(from_email())[1]
        return sender, data, message_id.encode()

    def message(self, subscription, items, connection=None):
        token = tokens.manage_token(subscription.pk, subscription.contact_id)
        subject, text, html = self.render(subscription.language, items, token)
        unsubscribe_url = links(self.base_url, token)["unsubscribe_url"]
        return message(
            subscription.contact.email, subject, text, html, unsubscribe_url, connection
        )
