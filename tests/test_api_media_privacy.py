"""Images and documents of private collections (a view restriction on the
collection or on one of its ancestors) never appear in the API, whoever asks,
nor do links to such documents in page output (API and page alike)."""

import json

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction

import pytest
import wagtail_factories

from editorial.media import MediaPrivacy, public_media
from tests.factories import ArticlePageFactory, PodcastEpisodePageFactory
from tests.factories_podcasts import transcript_document


@pytest.fixture
def collections(db):
    root = Collection.get_first_root_node()
    public = root.add_child(name="Public")
    private = root.add_child(name="Private")
    nested = private.add_child(name="Nested under private")
    login_only = root.add_child(name="Members")
    CollectionViewRestriction.objects.create(
        collection=private,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="secret",
    )
    CollectionViewRestriction.objects.create(
        collection=login_only, restriction_type=CollectionViewRestriction.LOGIN
    )
    return {
        "root": root,
        "public": public,
        "private": private,
        "nested": nested,
        "login": login_only,
    }


def _document(collection, title):
    return transcript_document_in(collection, title)


def transcript_document_in(collection, title, name="transcript.vtt"):
    document = transcript_document(name=name)
    document.title = title
    document.collection = collection
    document.save()
    return document


@pytest.fixture
def media(collections):
    images = {
        key: wagtail_factories.ImageFactory(title=f"Image {key}", collection=c)
        for key, c in collections.items()
    }
    documents = {key: _document(c, f"Document {key}") for key, c in collections.items()}
    return images, documents


PUBLIC = {"root", "public"}


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_listing_leaves_private_collections_out(client, media, endpoint):
    objects = media[0] if endpoint == "images" else media[1]
    data = client.get(f"/api/v2/{endpoint}/").json()
    assert {item["id"] for item in data["items"]} == {objects[key].pk for key in PUBLIC}
    assert data["meta"]["total_count"] == len(PUBLIC)


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_detail_of_private_media_is_a_404_json(client, media, endpoint):
    objects = media[0] if endpoint == "images" else media[1]
    for key, obj in objects.items():
        response = client.get(f"/api/v2/{endpoint}/{obj.pk}/")
        if key in PUBLIC:
            assert response.status_code == 200
        else:
            assert response.status_code == 404, key
            assert response.json()["message"]


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_logged_in_users_do_not_see_private_media_either(client, media, endpoint):
    # Wagtail's own views show login-restricted media to any logged-in user;
    # the headless API answers the same to everyone.
    user = get_user_model().objects.create_user("lecteur", password="x")
    client.force_login(user)
    data = client.get(f"/api/v2/{endpoint}/").json()
    objects = media[0] if endpoint == "images" else media[1]
    assert objects["login"].pk not in {item["id"] for item in data["items"]}


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_filters_search_and_ordering_still_work(client, media, endpoint):
    objects = media[0] if endpoint == "images" else media[1]
    prefix = "Image" if endpoint == "images" else "Document"
    data = client.get(f"/api/v2/{endpoint}/?order=-title&fields=title").json()
    assert [item["title"] for item in data["items"]] == [
        f"{prefix} root",
        f"{prefix} public",
    ]
    data = client.get(f"/api/v2/{endpoint}/?title={prefix}%20private").json()
    assert data["items"] == []
    data = client.get(f"/api/v2/{endpoint}/?title={prefix}%20public").json()
    assert [item["id"] for item in data["items"]] == [objects["public"].pk]
    data = client.get(f"/api/v2/{endpoint}/?search=private").json()
    assert data["items"] == []
    found = client.get(f"/api/v2/{endpoint}/?id={objects['nested'].pk}").json()
    assert found["items"] == []
    response = client.get(f"/api/v2/{endpoint}/find/?id={objects['private'].pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_listing_queries_do_not_grow_with_page_size(client, collections, endpoint):
    def make(n):
        for i in range(n):
            if endpoint == "images":
                wagtail_factories.ImageFactory(collection=collections["public"])
            else:
                _document(collections["public"], f"Doc {i}")

    make(5)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(f"/api/v2/{endpoint}/?limit=5").json()["items"]) == 5
    make(20)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(f"/api/v2/{endpoint}/?limit=25").json()["items"]) == 25
    assert len(small) == len(large)


def test_helpers_agree(media, collections):
    images, documents = media
    privacy = MediaPrivacy()
    assert privacy.private_collection_ids == {
        collections[key].pk for key in ("private", "nested", "login")
    }
    public_docs = set(public_media(Document.objects.all()).values_list("pk", flat=True))
    assert (
        public_docs
        == {doc.pk for doc in documents.values() if privacy.allows(doc)}
        == {documents[key].pk for key in PUBLIC}
    )
    assert not privacy.allows(None)


@pytest.mark.parametrize("endpoint", ["images", "documents"])
def test_wagtail_v3_media_endpoints_follow_the_same_rule(client, media, endpoint):
    # Wagtail 8 mounts /api/v3/images/ and /api/v3/documents/ itself.
    objects = media[0] if endpoint == "images" else media[1]
    user = get_user_model().objects.create_user("lecteur", password="x")
    client.force_login(user)
    data = client.get(f"/api/v3/{endpoint}/?limit=50").json()
    assert {item["id"] for item in data["items"]} == {objects[key].pk for key in PUBLIC}
    for key, obj in objects.items():
        response = client.get(f"/api/v3/{endpoint}/{obj.pk}/")
        assert response.status_code == (200 if key in PUBLIC else 404), key


# -- page output ------------------------------------------------------------


def _linking_article(parent, documents):
    links = "".join(
        f'<a linktype="document" id="{documents[key].pk}">doc-{key}</a> '
        for key in ("public", "private", "nested")
    )
    body = json.dumps([{"type": "paragraph", "value": f"<p>{links}</p>"}])
    return ArticlePageFactory(parent=parent, body=body)


def test_document_links_to_private_documents_lose_their_url(
    client, article_index, media
):
    _, documents = media
    article = _linking_article(article_index, documents)
    public_url = documents["public"].url
    # The default rich-text format is the database's (ids only, no URL); the
    # HTML format goes through the link handlers.
    for version in ("v2", "v3"):
        path = f"/api/{version}/pages/{article.pk}/?rich_text_format=html"
        text = client.get(path).content.decode()
        assert public_url in text, path
        for key in ("private", "nested"):
            assert documents[key].url not in text, (path, key)
            assert documents[key].file.name not in text, (path, key)
            assert f"doc-{key}" in text
    page = client.get(article.url).content.decode()
    assert public_url in page
    assert documents["private"].url not in page
    assert documents["nested"].url not in page
    assert "doc-private" in page


def test_private_transcript_is_treated_as_absent(client, show, collections):
    document = transcript_document_in(collections["nested"], "Privée")
    episode = PodcastEpisodePageFactory(parent=show, transcript_document=document)
    data = client.get(f"/api/v2/pages/{episode.pk}/").json()
    assert data["transcript_url"] is None
    assert client.get(f"/api/v3/pages/{episode.pk}/").json()["transcript_url"] is None
    assert client.get(episode.url + "transcript/").status_code == 404
    page = client.get(episode.url).content.decode()
    assert "Bonjour et bienvenue" not in page
    assert "transcript/" not in page
    feed = client.get(show.url + "feed/")
    assert feed.status_code == 200
    assert b"podcast:transcript" not in feed.content
    items = client.get("/api/v3/podcasts/episodes/").json()["items"]
    assert [item["transcript_url"] for item in items] == [None]


def test_public_transcript_still_shows(client, show, collections):
    document = transcript_document_in(collections["public"], "Publique")
    episode = PodcastEpisodePageFactory(parent=show, transcript_document=document)
    data = client.get(f"/api/v2/pages/{episode.pk}/").json()
    assert data["transcript_url"].endswith("/transcript/")
    assert client.get(episode.url + "transcript/").status_code == 200
    assert "Bonjour et bienvenue" in client.get(episode.url).content.decode()
    assert b"podcast:transcript" in client.get(show.url + "feed/").content
    items = client.get("/api/v3/podcasts/episodes/").json()["items"]
    assert items[0]["transcript_url"].endswith("/transcript/")


@pytest.mark.parametrize("url", ["/api/v3/podcasts/episodes/?limit={n}", "feed"])
@pytest.mark.usefixtures("page_cache_off")  # counts what rendering costs
def test_transcript_privacy_costs_no_query_per_episode(client, show, collections, url):
    def make(n, start):
        for i in range(n):
            collection = collections["nested" if i % 2 else "public"]
            document = transcript_document_in(collection, f"T{start + i}")
            PodcastEpisodePageFactory(parent=show, transcript_document=document)

    path = show.url + "feed/" if url == "feed" else url
    counts = []
    for n, start in ((2, 0), (6, 2)):
        make(n, start)
        total = start + n
        # Per-process caches (content types, sites) and cached listing values
        # warm, whatever ran before in this process.
        client.get(path.format(n=total))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path.format(n=total))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
