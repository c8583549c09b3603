"""Factories and helpers for the articles' people, partners, categories and bodies."""

import datetime

import factory
import wagtail_factories

from articles.models import ArticleContributor, ArticlePage, Category, Partner
from editorial.models import Person, PersonLink


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Personne {n}")
    slug = factory.Sequence(lambda n: f"personne-{n}")
    job_title = "Directrice marketing"
    organisation = factory.Sequence(lambda n: f"Société {n}")
    bio = "Une biographie courte."

    class Meta:
        model = Person


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")

    class Meta:
        model = Category


class PartnerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Partenaire {n}")
    url = factory.Sequence(lambda n: f"https://partenaire{n}.example/")
    description = "Un éditeur de logiciels."

    class Meta:
        model = Partner


ImageFactory = wagtail_factories.ImageFactory


def credit(article, *people, roles=None):
    """Credit people on a saved article, in order; a live article republishes."""
    roles = roles or {}
    for order, person in enumerate(people):
        ArticleContributor.objects.create(
            page=article, person=person, sort_order=order, role=roles.get(person, "")
        )
    return article


def link(person, label, url):
    return PersonLink.objects.create(person=person, label=label, url=url)


def event_value(**overrides):
    """The raw JSON of an event block."""
    value = {
        "title": "Former son écosystème : table ronde",
        "start_date": "2024-10-03",
        "start_time": "18:30:00",
        "end_date": None,
        "end_time": "20:00:00",
        "time_zone": "Europe/Paris",
        "online": False,
        "place": "La Cantine, Nantes",
        "description": "<p>Une soirée pour échanger.</p>",
        "speakers": [],
        "agenda": ["Qui former ?", "Avec quels contenus ?"],
        "registration_url": "https://example.com/inscription",
    }
    value.update(overrides)
    return value


def speaker(name="", organisation="", person=None):
    return {
        "person": person.pk if person else None,
        "name": name,
        "organisation": organisation,
    }


def body_of_every_block(*, episode=None, related=None, image=None, person=None):
    """A raw StreamField body using every block type of ArticleBodyBlock."""
    blocks = [
        ("heading", {"text": "Pourquoi former ?", "level": "h2", "anchor": ""}),
        ("paragraph", "<p>Le <b>B2B</b> et ses <i>partenaires</i>.</p>"),
        (
            "quote",
            {
                "text": "Une citation.",
                "attribution": "Peter Senge",
                "source_title": "La cinquième discipline",
                "source_url": "https://example.com/livre",
            },
        ),
        (
            "definition",
            {
                "term": "Écosystème",
                "field_label": "Biologie",
                "definition": "Ensemble formé par une communauté d'êtres vivants.",
                "source": "Le Robert",
                "source_url": "",
            },
        ),
        ("embed", EMBED_URL),
        (
            "event",
            event_value(
                speakers=[
                    speaker("Zoé Martin", "Orbitale"),
                    speaker("Anne Roux", "Kappa"),
                ]
            ),
        ),
        (
            "call_to_action",
            {
                "text": "Inscrivez-vous.",
                "button_label": "S'inscrire",
                "url": "https://example.com/cta",
            },
        ),
        (
            "sponsorship_note",
            {
                "kind": "partnership",
                "partner_name": "Acme",
                "partner_url": "https://acme.example/",
                "text": "Cet article est produit en partenariat avec Acme.",
            },
        ),
    ]
    if image is not None:
        blocks.append(
            (
                "image",
                {
                    "image": image.pk,
                    "alt_text": "",
                    "caption": "Légende",
                    "credit": "© Photo",
                },
            )
        )
    if episode is not None:
        blocks.append(
            ("podcast_episode", {"episode": episode.pk, "introduction": "À écouter"})
        )
    if related is not None:
        blocks.append(
            ("related_reading", {"page": related.pk, "label": "", "teaser": ""})
        )
    return [{"type": kind, "value": value} for kind, value in blocks]


def every_block_article(parent, **kwargs):
    from tests.factories import ArticlePageFactory

    body_kwargs = {
        k: kwargs.pop(k)
        for k in ("episode", "related", "image", "person")
        if k in kwargs
    }
    import json

    return ArticlePageFactory(
        parent=parent, body=json.dumps(body_of_every_block(**body_kwargs)), **kwargs
    )


__all__ = [
    "ArticlePage",
    "CategoryFactory",
    "ImageFactory",
    "PartnerFactory",
    "PersonFactory",
    "body_of_every_block",
    "credit",
    "datetime",
    "event_value",
    "every_block_article",
    "link",
    "speaker",
]


EMBED_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def cached_embed(
    url=EMBED_URL,
    html='<iframe title="Vidéo" src="https://www.youtube.com/embed/x"></iframe>',
):
    """Store an oEmbed answer so that tests never reach the network."""
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    return Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html=html,
        title="Une vidéo",
        provider_name="YouTube",
    )


def bulk_articles(index, count, *, categories=(), people=(), tags=(), start=0):
    """``count`` live articles under ``index``, inserted in batches (no revisions):
    big listings for query budgets and benchmarks. Article ``i`` gets category
    ``i % len(categories)``, contributor ``i % len(people)`` and tag
    ``i % len(tags)``."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from taggit.models import Tag
    from wagtail.models import Page

    from articles.models import ArticlePageTag

    content_type = ContentType.objects.get_for_model(ArticlePage)
    index.refresh_from_db()
    tag_objects = [Tag.objects.get_or_create(name=name, slug=name)[0] for name in tags]
    now = timezone.now()
    batch = 500
    created = []
    for offset in range(0, count, batch):
        numbers = range(start + offset, start + min(offset + batch, count))
        pages = []
        for n in numbers:
            slug = f"article-en-masse-{n}"
            step = Page._int2str(index.numchild + 1 + n - start).rjust(
                Page.steplen, "0"
            )
            pages.append(
                ArticlePage(
                    title=f"Article en masse {n}",
                    draft_title=f"Article en masse {n}",
                    slug=slug,
                    path=index.path + step,
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=index.locale_id,
                    standfirst=f"Chapeau de l'article {n}.",
                    publication_date=datetime.date(2020, 1, 1)
                    + datetime.timedelta(days=n % 2000),
                    category=categories[n % len(categories)] if categories else None,
                    body="[]",
                )
            )
        base_fields = [f for f in Page._meta.local_concrete_fields if f.name != "id"]
        Page._base_manager._insert(pages, fields=base_fields, using="default")
        # Read the ids back (SQLite and PostgreSQL alike).
        ids = dict(
            Page.objects.filter(path__in=[p.path for p in pages]).values_list(
                "path", "id"
            )
        )
        for page in pages:
            page.pk = page.id = page.page_ptr_id = ids[page.path]
        ArticlePage._base_manager._insert(
            pages,
            fields=ArticlePage._meta.local_concrete_fields,
            using="default",
            raw=True,
        )
        if tag_objects:
            ArticlePageTag.objects.bulk_create(
                ArticlePageTag(
                    content_object_id=page.pk, tag=tag_objects[n % len(tag_objects)]
                )
                for n, page in zip(numbers, pages, strict=True)
            )
        if people:
            ArticleContributor.objects.bulk_create(
                ArticleContributor(
                    page_id=page.pk, person=people[n % len(people)], sort_order=0
                )
                for n, page in zip(numbers, pages, strict=True)
            )
        created.extend(pages)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    index.refresh_from_db()
    return created
