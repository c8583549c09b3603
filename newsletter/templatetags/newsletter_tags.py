from django import template

from newsletter.forms import CONSENT_TEXT, SubscribeForm, offered_topics

register = template.Library()


@register.inclusion_tag("newsletter/includes/form.html", takes_context=True)
def newsletter_form(context, form=None, source="page"):
    """The full sign-up form (e-mail, frequency, topics); ``form`` a bound
    one to show its errors."""
    if form is None:
        from wagtail.models import Site

        request = context.get("request")
        site = Site.find_for_request(request) if request else None
        form = SubscribeForm(topics=offered_topics(site), initial={"source": source})
    return {"form": form, "source": source, "consent_text": CONSENT_TEXT}


@register.inclusion_tag("newsletter/includes/footer_form.html")
def newsletter_footer_form():
    """The footer's short form: an address, weekly, every topic."""
    return {}
