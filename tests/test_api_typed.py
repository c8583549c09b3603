"""The headless API describes and returns what readers see, typed.

- the OpenAPI document gives every block type of every stream its own schema
  (no ``Any``), and every page field a declared shape;
- pages carry tags (name + slug), contributors, expanded references (images
  as renditions, episodes with their enclosure, internal links with URL and
  type) and rich text as front-end HTML;
- both APIs return the same data, with a bounded number of queries.
"""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.blocks import StreamBlock
from wagtail.fields import StreamField
from wagtail.models import Site

import pytest
from bs4 import BeautifulSoup

from articles.blocks import ArticleBodyBlock
from editorial.registry import content_types
from glossary.models import GlossarySettings
from tests.factories import (
    ArticlePageFactory,
    GlossaryEntryPageFactory,
    PodcastEpisodePageFactory,
    tag,
)
from tests.factories_articles import (
    ImageFactory,
    PersonFactory,
    body_of_every_block,
    cached_embed,
    credit,
    event_value,
    speaker,
)
from tests.factories_glossary import entry, paragraph, term
from tests.factories_podcasts import person

# -- the OpenAPI document ------------------------------------------------------


@pytest.fixture
def openapi(client, db):
    return client.get("/api/v3/openapi.json").json()


def resolve(openapi, node):
    while "$ref" in node:
        node = openapi["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def untyped(openapi, node, path, seen):
    """Paths inside ``node`` whose schema is ``Any`` (no type, ref or union)."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                yield from untyped(
                    openapi, openapi["components"]["schemas"][name], name, seen
                )
            return
        keys = set(node) - {"title", "description", "default"}
        if not keys:
            yield path
        for key in ("properties", "items", "anyOf", "oneOf", "allOf"):
            child = node.get(key)
            if isinstance(child, dict) and key == "properties":
                for name, value in child.items():
                    yield from untyped(openapi, value, f"{path}.{name}", seen)
            elif isinstance(child, dict):
                yield from untyped(openapi, child, f"{path}[]", seen)
            elif isinstance(child, list):
                for value in child:
                    yield from untyped(openapi, value, path, seen)
        if isinstance(node.get("additionalProperties"), dict):
            yield from untyped(openapi, node["additionalProperties"], path, seen)


def test_no_field_of_our_page_types_is_untyped(openapi):
    schemas = openapi["components"]["schemas"]
    names = [f"{model.__name__}Schema" for model in content_types.models()]
    names += ["ArticleIndexPageSchema", "GlossaryIndexPageSchema"]
    names += ["PodcastShowPageSchema", "HomePageSchema"]
    for name in names:
        assert name in schemas
        assert list(untyped(openapi, schemas[name], name, set())) == []


def test_each_block_type_of_the_article_body_has_a_schema_of_its_own(openapi):
    body = openapi["components"]["schemas"]["ArticlePageSchema"]["properties"]["body"]
    items = body["items"]
    assert items["discriminator"]["propertyName"] == "type"
    mapping = items["discriminator"]["mapping"]
    assert set(mapping) == set(ArticleBodyBlock().child_blocks)
    for block_type, ref in mapping.items():
        item = resolve(openapi, {"$ref": ref})
        assert item["properties"]["type"]["const"] == block_type
        assert item["properties"]["value"] != {}

    def value_of(block_type):
        item = resolve(openapi, {"$ref": mapping[block_type]})
        value = item["properties"]["value"]
        variants = value.get("anyOf", [value])
        return resolve(openapi, next(v for v in variants if v.get("type") != "null"))

    assert value_of("paragraph")["type"] == "string"
    assert "HTML" in value_of("paragraph")["description"]
    image = value_of("image")
    assert {"image", "alt", "caption", "credit"} <= set(image["properties"])
    rendition = resolve(openapi, image["properties"]["image"]["anyOf"][0])
    assert {"url", "width", "height"} <= set(rendition["properties"])
    episode = resolve(
        openapi, value_of("podcast_episode")["properties"]["episode"]["anyOf"][0]
    )
    assert "enclosure" in episode["properties"]
    page = resolve(
        openapi, value_of("related_reading")["properties"]["page"]["anyOf"][0]
    )
    assert {"id", "type", "title", "url"} <= set(page["properties"])
    heading = value_of("heading")
    assert set(heading["properties"]) == {"text", "level", "anchor"}


def test_blocks_with_their_own_api_json_declare_its_schema():
    """A block that overrides get_api_representation must say what it returns
    (``api_schema``), or the typed schema and the data would differ."""
    from wagtail.blocks import Block, StructBlock

    def walk(block):
        yield block
        for child in getattr(block, "child_blocks", {}).values():
            yield from walk(child)
        if getattr(block, "child_block", None) is not None:
            yield from walk(block.child_block)

    checked = set()
    for model in content_types.models():
        for field in model._meta.get_fields():
            if not isinstance(field, StreamField):
                continue
            for block in walk(field.stream_block):
                cls = type(block)
                if isinstance(block, StreamBlock) or cls in checked:
                    continue
                checked.add(cls)
                base = StructBlock if isinstance(block, StructBlock) else Block
                overridden = any(
                    "get_api_representation" in vars(klass)
                    for klass in cls.__mro__[: cls.__mro__.index(base)]
                    if klass.__module__.split(".")[0]
                    in ("editorial", "articles", "glossary", "podcasts")
                )
                if overridden:
                    assert getattr(cls, "api_schema", None) is not None, cls
    assert len(checked) > 10


# -- pages in the API ----------------------------------------------------------


@pytest.fixture
def article(article_index, show, glossary_index):
    cached_embed()
    episode = PodcastEpisodePageFactory(parent=show, title="Épisode 12")
    related = ArticlePageFactory(parent=article_index, title="Lecture liée")
    image = ImageFactory(title="Photo")
    speaker_person = PersonFactory(name="Zoé Martin", slug="zoe-martin")
    body = body_of_every_block(episode=episode, related=related, image=image)
    for block in body:
        if block["type"] == "event":
            block["value"] = event_value(
                speakers=[speaker(person=speaker_person), speaker("Anne Roux")]
            )
    page = ArticlePageFactory(
        parent=article_index, title="Article complet", body=json.dumps(body)
    )
    claire = PersonFactory(name="Claire Morvan", slug="claire")
    credit(page, claire, roles={claire: "author"})
    return tag(page, "b2b", "abm")


def article_image(article):
    return next(b.value["image"] for b in article.body if b.block_type == "image")


def blocks_by_type(data):
    return {block["type"]: block["value"] for block in data["body"]}


def test_v3_article_carries_typed_expanded_blocks(client, article):
    response = client.get(f"/api/v3/pages/{article.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert sorted(data["tags"], key=lambda t: t["slug"]) == [
        {"name": "abm", "slug": "abm"},
        {"name": "b2b", "slug": "b2b"},
    ]
    assert [(c["name"], c["slug"], c["role"]) for c in data["contributors"]] == [
        ("Claire Morvan", "claire", "author")
    ]
    body = blocks_by_type(data)
    image = body["image"]
    assert image["image"]["url"].startswith("http://")
    rendition = article_image(article).get_rendition("width-1200")
    assert (image["image"]["width"], image["image"]["height"]) == (
        rendition.width,
        rendition.height,
    )
    assert image["image"]["url"] == rendition.full_url
    assert image["alt"] == "Photo"  # the image's title when no alt text is typed
    episode = body["podcast_episode"]["episode"]
    assert episode["enclosure"]["url"] == episode["audio_url"]
    assert episode["enclosure"]["type"] == "audio/mpeg"
    assert episode["enclosure"]["duration"] == 14
    assert episode["enclosure"]["length"] == episode["file_size"] > 0
    related = body["related_reading"]["page"]
    assert related["type"] == "articles.ArticlePage"
    assert related["url"].startswith("http://") and related["title"] == "Lecture liée"
    speakers = body["event"]["speakers"]
    assert speakers[0]["name"] == "Anne Roux" and speakers[0]["person"] is None
    assert speakers[1]["person"] == {
        "id": speakers[1]["person"]["id"],
        "name": "Zoé Martin",
        "slug": "zoe-martin",
    }
    assert body["sponsorship_note"]["kind_label"]


def test_both_apis_return_the_same_page_data(client, article):
    v2 = client.get(f"/api/v2/pages/{article.pk}/").json()
    v3 = client.get(f"/api/v3/pages/{article.pk}/").json()
    for name in ("body", "tags", "contributors", "see_also", "audio_version"):
        assert v2[name] == v3[name], name


def test_every_content_type_lists_its_contributors(
    client, article, glossary_index, show
):
    episode = PodcastEpisodePageFactory(parent=show)
    person("Léa Host", role="host", episode=episode)
    glossary_entry = GlossaryEntryPageFactory(parent=glossary_index)
    data = client.get(f"/api/v3/pages/{episode.pk}/").json()
    assert [(c["name"], c["role"]) for c in data["contributors"]] == [
        ("Léa Host", "host")
    ]
    assert (
        client.get(f"/api/v3/pages/{glossary_entry.pk}/").json()["contributors"] == []
    )


# -- rich text as front-end HTML ----------------------------------------------


def test_internal_links_carry_absolute_url_id_and_type(client, article_index):
    target = ArticlePageFactory(parent=article_index, title="Cible")
    article = ArticlePageFactory(
        parent=article_index,
        body=[
            paragraph(f'<p>Voir <a linktype="page" id="{target.pk}">la cible</a>.</p>')
        ],
    )
    for api in ("v2", "v3"):
        data = client.get(f"/api/{api}/pages/{article.pk}/").json()
        link = BeautifulSoup(blocks_by_type(data)["paragraph"], "html.parser").a
        assert link["href"] == target.full_url
        assert link["data-page-id"] == str(target.pk)
        assert link["data-page-type"] == "articles.ArticlePage"
    # The page itself keeps its relative links.
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert soup.select_one(f'.article__body a[href="{target.url}"]') is not None


@pytest.fixture
def auto_linked(glossary_index, article_index):
    settings = GlossarySettings.for_site(Site.objects.get(is_default_site=True))
    settings.auto_link = True
    settings.save()
    b2b = entry(glossary_index, "B2B")
    article = ArticlePageFactory(
        parent=article_index, body=[paragraph("<p>Le B2B avance.</p>")]
    )
    return b2b, article


@pytest.mark.parametrize("api", ["v2", "v3"])
def test_auto_linked_terms_appear_in_the_api(client, auto_linked, api):
    b2b, article = auto_linked
    data = client.get(f"/api/{api}/pages/{article.pk}/").json()
    link = BeautifulSoup(blocks_by_type(data)["paragraph"], "html.parser").a
    assert link["data-glossary-id"] == str(b2b.pk)
    assert link["href"] == b2b.full_url
    assert link["title"] == b2b.short_definition
    assert not link.has_attr("aria-describedby")  # no hidden definitions in JSON


def glossary_body(entries, targets, count):
    html = " ".join(
        f"{term(entries[i % len(entries)])} "
        f'<a linktype="page" id="{targets[i % len(targets)].pk}">lien</a>'
        for i in range(count)
    )
    return [paragraph(f"<p>{html}</p>") for _ in range(count)]


def test_detail_queries_do_not_grow_with_links(client, article_index, glossary_index):
    entries = [entry(glossary_index, f"Terme {i}") for i in range(10)]
    targets = [ArticlePageFactory(parent=article_index) for _ in range(10)]
    small = ArticlePageFactory(
        parent=article_index, body=glossary_body(entries, targets, 1)
    )
    large = ArticlePageFactory(
        parent=article_index, body=glossary_body(entries, targets, 10)
    )
    counts = []
    for page in (small, large):
        client.get(f"/api/v3/pages/{page.pk}/")  # warm caches (site, settings)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v3/pages/{page.pk}/").status_code == 200
        counts.append(len(queries))
    # One query per linked type and per page type of the targets, not per link.
    assert counts[1] <= counts[0] + 2, counts


# -- errors stay in the API's format -------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/v3/pages/", "/api/v3/images/", "/api/v3/documents/"]
)
def test_huge_offsets_on_wagtail_listings_are_a_422(client, db, url):
    response = client.get(url, {"offset": 10**30})
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/problem+json")


def test_unknown_api_addresses_answer_json(client, db):
    from django.utils.translation import gettext as _

    response = client.get("/api/v3/content/-5/see-also/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == _("No API endpoint at this address.")
    response = client.get("/api/v2/nothing/")
    assert response.status_code == 404
    assert response.json() == {"message": _("No API endpoint at this address.")}


def test_the_openapi_document_has_no_duplicate_keys(client, db):
    """Strict parsers (openapi-typescript's YAML loader) refuse a document
    where an object repeats a key, e.g. a status as 400 and "400"."""

    def refuse_duplicates(pairs):
        keys = [key for key, _value in pairs]
        assert len(keys) == len(set(keys)), keys
        return dict(pairs)

    content = client.get("/api/v3/openapi.json").content
    document = json.loads(content, object_pairs_hook=refuse_duplicates)
    responses = document["paths"]["/api/v3/content/"]["get"]["responses"]
    assert {"200", "400", "404", "422"} <= set(responses)
    responses = document["paths"]["/api/v3/pages/{page_id}/"]["get"]["responses"]
    assert {"200", "401", "404", "422"} <= set(responses)


def test_our_routers_add_no_write_path(client, db):
    """Pressroom's read routers accept GET only: writes are Wagtail v3's own
    operations and those of editorial.api.writes (tests/test_api_writes.py),
    behind bearer tokens, and the podcasts' audio upload and changes."""
    document = client.get("/api/v3/openapi.json").json()
    ours = ("/api/v3/content/", "/api/v3/tags/", "/api/v3/glossary/")
    ours += ("/api/v3/podcasts/",)
    our_paths = [path for path in document["paths"] if path.startswith(ours)]
    assert len(our_paths) >= 8
    for path in our_paths:
        audio_writes = {
            "/api/v3/podcasts/audio/": {"post"},
            "/api/v3/podcasts/audio/{audio_id}/": {"patch", "post"},
        }
        if path in audio_writes:
            assert set(document["paths"][path]) == audio_writes[path]
            for operation in document["paths"][path].values():
                assert operation["security"]
            continue
        assert set(document["paths"][path]) == {"get"}, path
    for url in ("/api/v3/content/", "/api/v3/tags/", "/api/v3/podcasts/shows/"):
        assert client.post(url, {}).status_code == 405
        assert client.delete(url).status_code == 405


def test_api_addresses_without_their_slash_redirect(client, db):
    response = client.get("/api/v3/docs")
    assert response.status_code == 301
    assert response["Location"] == "/api/v3/docs/"
    response = client.get("/api/v3/content/recent", {"limit": 2})
    assert response.status_code == 301
    assert response["Location"] == "/api/v3/content/recent/?limit=2"
    assert client.get("/api/v3/nothing").status_code == 404


def test_generated_block_schemas_follow_the_block_definitions():
    """Blocks without a declared schema get one from their definition; a
    choice is a string (a value stored before its choice was removed must not
    turn the page's answer into an error)."""
    from wagtail import blocks

    from pydantic import TypeAdapter

    from editorial.block_schemas import block_schema

    class CardBlock(blocks.StructBlock):
        title = blocks.CharBlock()
        size = blocks.ChoiceBlock(choices=[("s", "S"), ("l", "L")])
        count = blocks.IntegerBlock(required=False)
        when = blocks.DateBlock(required=False)
        items = blocks.ListBlock(blocks.CharBlock())
        page = blocks.PageChooserBlock(required=True)

    adapter = TypeAdapter(block_schema(CardBlock(), "Test"))
    value = {
        "title": "T",
        "size": "xl",
        "count": None,
        "when": "2024-01-02",
        "items": ["a"],
        "page": None,
    }
    assert adapter.validate_python(value).size == "xl"
    with pytest.raises(ValueError):
        adapter.validate_python({**value, "count": "many"})
    schema = adapter.json_schema()
    assert "One of: s, l." in schema["properties"]["size"]["description"]
    assert schema["properties"]["items"]["items"]["type"] == "string"
