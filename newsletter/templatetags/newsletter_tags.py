from django import template

from newsletter.forms import CONSENT_TEXT, SubscribeForm, offered_topics

register = template.Library()


@register.inclusion_tag("newsletter/includes/form.html", takes_context=True)
def newsletter_form(context, form=None, source="page", id_prefix=""):
    """The full sign-up form (e-mail, frequency, topics); ``form`` a bound
    one to show its errors. ``id_prefix`` (a block's id) keeps the ids of
    several forms on one page apart."""
    if form is None:
        from wagtail.models import Site

        request = context.get("request")
        site = Site.find_for_request(request) if request else None
        form = SubscribeForm(
            topics=offered_topics(site),
            initial={"source": source},
            auto_id=f"newsletter-{id_prefix}-%s" if id_prefix else "id_%s",
        )
    return {
        "form": form,
        "source": source,
        "consent_text": CONSENT_TEXT,
        "honeypot_id": f"newsletter-website-{id_prefix or source or 'page'}",
    }


@register.inclusion_tag("newsletter/includes/footer_form.html")
def newsletter_footer_form():
    """The footer's short form: an address, weekly, every topic."""
    return {}
