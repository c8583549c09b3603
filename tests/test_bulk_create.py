"""Pages created in bulk (editorial.bulk.bulk_create_pages, used by the demo
command and imports) are indistinguishable from pages created one by one
through Wagtail's add_child / save_revision / publish, and cost a number of
queries that grows with the batches, not with the pages."""

import datetime
import json

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.models import IndexEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from articles.models import ArticleContributor, ArticlePage
from editorial.bulk import bulk_create_pages
from editorial.models import SeeAlsoItem
from glossary.models import GlossaryAlternativeForm, GlossaryEntryPage
from tests.factories import ArticlePageFactory
from tests.factories_articles import PersonFactory, cached_embed

# Differ between two pages of the same content, whatever the way.
VOLATILE = {
    "id",
    "page_ptr_id",
    "path",
    "slug",
    "url_path",
    "translation_key",
    "latest_revision_id",
    "live_revision_id",
    "latest_revision_created_at",
    "last_published_at",
    "first_published_at",
}


def article(slug, *, person, target, tags=("b2b", "formation"), chooser=True):
    body = [
        {"type": "heading", "value": {"text": "Pourquoi", "level": "h2", "anchor": ""}},
        {
            "type": "paragraph",
            "value": f'<p>Le <a linktype="page" id="{target.pk}">B2B</a> avance.</p>',
        },
    ]
    if chooser:
        body.append(
            {
                "type": "related_reading",
                "value": {"page": target.pk, "label": "", "teaser": ""},
            }
        )
    page = ArticlePage(
        title="Former son écosystème",
        slug=slug,
        standfirst="Au-delà des salariés.",
        body=json.dumps(body),
        publication_date=datetime.date(2024, 9, 9),
    )
    page.contributors = [ArticleContributor(person=person, role="", sort_order=0)]
    page.see_also_items = [SeeAlsoItem(target=target, label="Lire", sort_order=0)]
    page.tags.add(*tags)
    return page


def without_ids(value):
    """A StreamField's stored blocks without their (random) ids."""
    if hasattr(value, "raw_data"):
        return [{"type": b["type"], "value": b["value"]} for b in value.raw_data]
    if isinstance(value, list):
        return [
            {k: v for k, v in block.items() if k != "id"}
            if isinstance(block, dict)
            else block
            for block in value
        ]
    return value


def fields(page):
    page = type(page).objects.get(pk=page.pk)
    return {
        f.attname: without_ids(getattr(page, f.attname))
        for f in type(page)._meta.concrete_fields
        if f.attname not in VOLATILE
    }


def normalised(content):
    """Revision content without what differs between two pages."""
    content = {k: v for k, v in content.items() if k not in VOLATILE | {"pk"}}
    for key, value in content.items():
        if key == "body":
            content[key] = without_ids(json.loads(value))
        elif isinstance(value, list):
            content[key] = [
                {
                    k: v
                    for k, v in item.items()
                    if k not in {"pk", "page", "content_object"}
                }
                if isinstance(item, dict)
                else item
                for item in value
            ]
    return content


def history(page):
    return [
        (
            entry.action,
            entry.user_id,
            entry.content_changed,
            entry.data,
            entry.label,
            entry.content_type_id,
            entry.revision_id == page.latest_revision_id if entry.revision_id else None,
        )
        for entry in PageLogEntry.objects.filter(page=page).order_by("timestamp", "id")
    ]


def references(page):
    """The page's outbound references. Their content paths name block and
    child ids; and Wagtail's own path records a see-also item's reference
    under the base page type (the item's save indexes the page it is keyed
    to) where a rebuild of the index, like the bulk path, records it under
    the page's type: both are left out."""
    return sorted(
        ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
            "base_content_type_id", "to_content_type_id", "to_object_id", "model_path"
        )
    )


def search_row(page):
    entry = IndexEntry.objects.get(object_id=str(page.pk))
    return entry.title, entry.autocomplete, entry.body, entry.content_type_id


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("chief", "c@example.com", "pw")


@pytest.mark.django_db(transaction=False)
def test_a_bulk_created_page_is_like_one_created_by_wagtail(
    article_index, editor, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    target = ArticlePageFactory(parent=article_index, title="Cible")

    normal = article("normal", person=person, target=target)
    normal.owner = editor  # as the admin's create view does
    # The index tasks queued by Wagtail's saves run when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        article_index.add_child(instance=normal)
        normal.save_revision(user=editor, clean=False).publish(user=editor)

    [bulk] = bulk_create_pages(
        article_index, [article("en-masse", person=person, target=target)], user=editor
    )

    normal = ArticlePage.objects.get(pk=normal.pk)
    bulk = ArticlePage.objects.get(pk=bulk.pk)
    assert fields(bulk) == fields(normal)
    assert bulk.live and not bulk.has_unpublished_changes
    assert bulk.live_revision_id == bulk.latest_revision_id is not None
    assert bulk.first_published_at and bulk.last_published_at
    assert bulk.url_path == f"{article_index.url_path}en-masse/"
    assert bulk.get_parent().pk == article_index.pk

    # One revision each, with the same content.
    assert Revision.page_revisions.filter(object_id=str(bulk.pk)).count() == 1
    assert normalised(bulk.latest_revision.content) == normalised(
        normal.latest_revision.content
    )
    assert bulk.latest_revision.user == editor
    assert bulk.latest_revision.as_object().title == bulk.title

    # History, tags and child clusters.
    assert history(bulk) == history(normal)
    assert [h[0] for h in history(bulk)] == ["wagtail.create", "wagtail.publish"]
    assert sorted(bulk.tags.names()) == sorted(normal.tags.names())
    assert [c.person_id for c in bulk.contributors.all()] == [person.pk]
    assert [(s.target_id, s.label) for s in bulk.see_also_items.all()] == [
        (target.pk, "Lire")
    ]

    # Search and reference indexes, and a sound tree.
    assert search_row(bulk) == search_row(normal)
    found = {p.pk for p in ArticlePage.objects.live().search("écosystème")}
    assert {bulk.pk, normal.pk} <= found
    assert references(bulk) == references(normal)
    assert references(bulk)
    article_index.refresh_from_db()
    assert article_index.numchild == 3
    assert all(not problems for problems in Page.find_problems())


@pytest.mark.django_db
def test_draft_and_given_publication_dates(article_index, editor):
    person = PersonFactory()
    target = ArticlePageFactory(parent=article_index)
    published = timezone.make_aware(datetime.datetime(2019, 3, 4, 9, 0))
    page = article("daté", person=person, target=target)
    page.first_published_at = page.last_published_at = published
    [dated] = bulk_create_pages(article_index, [page], user=editor)
    dated = ArticlePage.objects.get(pk=dated.pk)
    assert dated.first_published_at == dated.last_published_at == published

    [draft] = bulk_create_pages(
        article_index,
        [article("brouillon", person=person, target=target)],
        user=editor,
        publish=False,
    )
    draft = ArticlePage.objects.get(pk=draft.pk)
    assert not draft.live and draft.has_unpublished_changes
    assert draft.live_revision_id is None and draft.latest_revision_id
    assert draft.first_published_at is None
    assert [h[0] for h in history(draft)] == ["wagtail.create"]
    assert draft.pk not in {p.pk for p in ArticlePage.objects.live()}


@pytest.mark.django_db
def test_queries_grow_with_batches_not_pages(article_index, editor):
    person = PersonFactory()
    target = ArticlePageFactory(parent=article_index)
    tags = ("b2b", "formation", "marketing")
    # The tags exist: resolving new ones costs queries in page.tags.add().
    bulk_create_pages(
        article_index, [article("t", person=person, target=target, tags=tags)]
    )

    def create(count, prefix):
        # Chooser blocks of a body (a page, an image) are loaded by Wagtail
        # stream by stream, so once per page that has some: left out here.
        pages = [
            article(
                f"{prefix}-{n}", person=person, target=target, tags=tags, chooser=False
            )
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            bulk_create_pages(article_index, pages, user=editor, batch_size=50)
        return len(queries)

    few, many = create(3, "peu"), create(30, "beaucoup")
    # SQLite takes at most 999 parameters a statement: an INSERT of many
    # pages may take two.
    assert many <= few + 2
    assert create(60, "deux-lots") <= 2 * few
    assert all(not problems for problems in Page.find_problems())


@pytest.mark.django_db
def test_slugs_made_from_titles_are_free(article_index):
    ArticlePageFactory(parent=article_index, title="Meme titre", slug="meme-titre")
    pages = [ArticlePage(title="Meme titre", standfirst="x") for _ in range(2)]
    bulk_create_pages(article_index, pages)
    assert [p.slug for p in pages] == ["meme-titre-2", "meme-titre-3"]


@pytest.mark.django_db
def test_an_invalid_page_writes_nothing(article_index):
    before = Page.objects.count(), Revision.objects.count()
    pages = [
        ArticlePage(title="Bon", slug="bon", standfirst="x"),
        ArticlePage(title="", slug="mauvais", standfirst="x"),
    ]
    with pytest.raises(ValidationError) as raised:
        bulk_create_pages(article_index, pages)
    assert raised.value.page is pages[1]
    assert "title" in raised.value.message_dict
    duplicate = [
        ArticlePage(title="A", slug="double", standfirst="x"),
        ArticlePage(title="B", slug="double", standfirst="x"),
    ]
    with pytest.raises(ValidationError) as raised:
        bulk_create_pages(article_index, duplicate)
    assert raised.value.page is duplicate[1]
    assert "slug" in raised.value.message_dict
    taken = [ArticlePage(title="C", slug="bon", standfirst="x")]
    bulk_create_pages(
        article_index, [ArticlePage(title="Bon", slug="bon", standfirst="x")]
    )
    with pytest.raises(ValidationError):
        bulk_create_pages(article_index, taken)
    before = before[0] + 1, before[1] + 1
    assert (Page.objects.count(), Revision.objects.count()) == before


@pytest.mark.django_db
def test_glossary_entries_keep_their_derived_keys(glossary_index):
    entry = GlossaryEntryPage(
        title="Lead nurturing", short_definition="Entretenir des contacts."
    )
    entry.alternative_forms = [GlossaryAlternativeForm(form="Nurturing", sort_order=0)]
    bulk_create_pages(glossary_index, [entry])
    entry = GlossaryEntryPage.objects.get(pk=entry.pk)
    assert entry.term_key and entry.letter
    assert [f.form_key for f in entry.alternative_forms.all()] == ["nurturing"]


@pytest.mark.django_db
def test_editor_edits_and_publishes_a_bulk_created_page(client, article_index, editor):
    cached_embed()
    person = PersonFactory()
    target = ArticlePageFactory(parent=article_index)
    [page] = bulk_create_pages(
        article_index, [article("en-masse", person=person, target=target)], user=editor
    )
    client.force_login(editor)
    url = f"/admin/pages/{page.pk}/edit/"
    assert client.get(url).status_code == 200
    contributor = page.contributors.get()
    item = page.see_also_items.get()
    data = nested_form_data(
        {
            "title": "Titre revu",
            "slug": page.slug,
            "standfirst": "Au-delà des salariés.",
            "publication_date": "2024-09-09",
            "tags": "b2b, formation",
            "body": streamfield(
                [("heading", {"text": "Pourquoi", "level": "h2", "anchor": ""})]
            ),
            "see_also_items": inline_formset(
                [{"id": item.pk, "target": target.pk, "label": "Lire"}], initial=1
            ),
            "contributors": inline_formset(
                [{"id": contributor.pk, "person": person.pk, "role": ""}], initial=1
            ),
            "playable_versions": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.title == "Titre revu" and page.live
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2
    assert client.get(page.url).status_code == 200


@pytest.mark.django_db
def test_deferred_indexing_nests(article_index, django_capture_on_commit_callbacks):
    from editorial.bulk import deferred_indexing

    with django_capture_on_commit_callbacks(execute=True), deferred_indexing():
        with deferred_indexing():
            page = ArticlePageFactory(parent=article_index, title="Imbriqué")
        # The inner block leaves the indexing to the outer one.
        assert not IndexEntry.objects.filter(object_id=str(page.pk)).exists()
    assert IndexEntry.objects.filter(object_id=str(page.pk)).exists()
