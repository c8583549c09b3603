"""Factories for the glossary: entries with alternative forms, and linking text."""

from wagtail.rich_text import RichText

from glossary.models import GlossaryAlternativeForm, GlossaryEntryPage
from tests.factories import GlossaryEntryPageFactory


def entry(parent, title, *forms, definition=None, publish=True, **kwargs):
    """A glossary entry with alternative forms, published through a revision."""
    page = GlossaryEntryPageFactory.build(
        title=title,
        short_definition=definition or f"Définition de {title}.",
        **kwargs,
    )
    page.alternative_forms = [GlossaryAlternativeForm(form=form) for form in forms]
    parent.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    else:
        page.unpublish() if page.live else None
    return GlossaryEntryPage.objects.get(pk=page.pk)


def term(page, text=None):
    """Database HTML of a glossary link to ``page``."""
    return f'<a linktype="glossary" id="{page.pk}">{text or page.title}</a>'


def paragraph(html):
    return ("paragraph", RichText(html))
