"""Factories for the page types and their parts (wagtail-factories)."""

import datetime
from pathlib import Path

from django.core.files import File

from taggit.models import Tag
from wagtail.models import PageViewRestriction

import factory
import wagtail_factories

from articles.models import ArticleIndexPage, ArticlePage
from editorial.models import SeeAlsoItem
from glossary.models import (
    GlossaryAlternativeForm,
    GlossaryEntryPage,
    GlossaryIndexPage,
)
from podcasts.models import AudioFile, PodcastEpisodePage, PodcastShowPage
from site_config.models import HomePage

DEMO_AUDIO = Path(__file__).resolve().parent.parent / "site_config" / "demo" / "audio"


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Live pages are published through a revision, as the editor's Publish does."""

    class Meta:
        abstract = True
        # publish() below saves the page; no second save afterwards.
        skip_postgeneration_save = True

    @factory.post_generation
    def publish(page, create, extracted, **kwargs):
        if create and page.live:
            page.save_revision().publish()


class HomePageFactory(PublishedPageFactory):
    title = "Accueil"
    tagline = "Le magazine du marketing B2B"

    class Meta:
        model = HomePage


class ArticleIndexPageFactory(PublishedPageFactory):
    title = "Articles"
    slug = "articles"

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Article {n}")
    standfirst = factory.Sequence(lambda n: f"Chapeau de l'article {n}.")
    publication_date = factory.Sequence(
        lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n)
    )

    class Meta:
        model = ArticlePage


class GlossaryIndexPageFactory(PublishedPageFactory):
    title = "Glossaire"
    slug = "glossaire"

    class Meta:
        model = GlossaryIndexPage


class GlossaryEntryPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Terme {n}")
    short_definition = factory.Sequence(lambda n: f"Définition courte du terme {n}.")
    publication_date = factory.Sequence(
        lambda n: datetime.date(2023, 1, 1) + datetime.timedelta(days=n)
    )

    class Meta:
        model = GlossaryEntryPage


class PodcastShowPageFactory(PublishedPageFactory):
    title = "Le podcast"
    slug = "podcast"
    description = "Un podcast sur le marketing B2B."

    class Meta:
        model = PodcastShowPage


class AudioFileFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Enregistrement {n}")

    class Meta:
        model = AudioFile

    @factory.lazy_attribute
    def file(self):
        path = DEMO_AUDIO / "episode-1.mp3"
        return File(path.open("rb"), name="episode.mp3")


class PodcastEpisodePageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Épisode {n}")
    summary = factory.Sequence(lambda n: f"Résumé de l'épisode {n}.")
    audio = factory.SubFactory(AudioFileFactory)
    publication_date = factory.Sequence(
        lambda n: datetime.date(2022, 1, 1) + datetime.timedelta(days=n)
    )

    class Meta:
        model = PodcastEpisodePage


def tag(page, *names):
    """Tag a saved page (shared taggit.Tag vocabulary); a live page publishes that state."""
    page.tags.add(*names)
    if page.live:
        page.save_revision().publish()
    else:
        page.save()
    return page


def see_also(page, *targets, labels=None):
    labels = labels or {}
    for order, target in enumerate(targets):
        SeeAlsoItem.objects.create(
            page=page, target=target, sort_order=order, label=labels.get(target.pk, "")
        )
    return page


def make_private(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def alternative_forms(entry, *forms):
    for order, form in enumerate(forms):
        GlossaryAlternativeForm.objects.create(page=entry, form=form, sort_order=order)
    return entry


__all__ = [
    "ArticleIndexPageFactory",
    "ArticlePageFactory",
    "AudioFileFactory",
    "GlossaryEntryPageFactory",
    "GlossaryIndexPageFactory",
    "HomePageFactory",
    "PodcastEpisodePageFactory",
    "PodcastShowPageFactory",
    "Tag",
    "alternative_forms",
    "make_private",
    "see_also",
    "tag",
]
