"""Each adaptation of Wagtail (editorial.wagtail_adaptations) is checked by a
system check that reports it when it did not take effect, or when Wagtail
changed what it replaces."""

import pytest

from editorial import wagtail_adaptations
from editorial.wagtail_adaptations import check_adaptations


def error_ids():
    return {error.id for error in check_adaptations()}


def test_every_adaptation_is_in_place():
    assert check_adaptations() == []


def test_unbounded_offsets_are_reported(monkeypatch):
    from wagtail.api.v3.pagination import WagtailLimitOffsetPagination

    wagtail_input = WagtailLimitOffsetPagination.Input.__bases__[0]
    monkeypatch.setattr(WagtailLimitOffsetPagination, "Input", wagtail_input)
    assert "editorial.E001" in error_ids()


def test_untyped_streamfields_are_reported(monkeypatch):
    from wagtail.api.v3.schemas.generators.read import read_generator
    from wagtail.fields import StreamField

    schemas = dict(read_generator.field_schemas)
    schemas.pop(StreamField)
    monkeypatch.setattr(read_generator, "field_schemas", schemas)
    assert "editorial.E002" in error_ids()


def test_unusable_snippets_router_is_reported(monkeypatch):
    from wagtail.api.v3.api import api
    from wagtail.snippets.api.v3.router import router

    monkeypatch.setattr(api, "_routers", [*api._routers, ("/snippets/", router)])
    assert "editorial.E003" in error_ids()


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("wagtail.images.api.v3.router", "get_images_queryset"),
        ("wagtail.documents.api.v3.router", "get_documents_queryset"),
    ],
)
def test_private_media_in_api_v3_is_reported(monkeypatch, module, name):
    import importlib

    router = importlib.import_module(module)
    monkeypatch.setattr(router, name, lambda request: None)
    assert "editorial.E004" in error_ids()


def test_pages_off_schedule_in_api_v3_are_reported(monkeypatch):
    from wagtail.api.v3.routers import pages

    monkeypatch.setattr(pages, "get_pages_queryset", lambda request, **kwargs: None)
    assert "editorial.E005" in error_ids()


def test_undocumented_problem_answers_are_reported(monkeypatch):
    from wagtail.api.v3.api import api

    monkeypatch.setattr(api, "get_openapi_schema", lambda **kwargs: {})
    assert "editorial.E006" in error_ids()


def test_a_site_lookup_by_query_is_reported_and_installed_once(monkeypatch):
    from wagtail.models import Site
    from wagtail.models import sites as sites_module

    def wagtail_lookup(request):
        return None

    monkeypatch.setattr(
        wagtail_adaptations, "_replaced", dict(wagtail_adaptations._replaced)
    )
    monkeypatch.setattr(Site, "_find_for_request", staticmethod(wagtail_lookup))
    assert "editorial.E008" in error_ids()
    wagtail_adaptations.install()
    adapted = Site.__dict__["_find_for_request"]
    assert adapted.__func__ is not wagtail_lookup
    wagtail_adaptations.cached_site_lookup(sites_module)
    assert Site.__dict__["_find_for_request"] is adapted
    assert "editorial.E008" not in error_ids()


def test_a_wagtail_that_changed_a_replaced_function_is_reported(monkeypatch):
    name = "wagtail.images.api.v3.router.get_images_queryset"
    monkeypatch.setitem(
        wagtail_adaptations._replaced, name, "(request, *, collection=None)"
    )
    errors = [error for error in check_adaptations() if error.id == "editorial.E007"]
    assert len(errors) == 1 and name in errors[0].msg


def test_install_adapts_modules_loaded_already_and_only_once(monkeypatch):
    from wagtail.images.api.v3 import router

    def wagtail_queryset(request):
        return None

    # What install() notes of the function it replaces, restored afterwards.
    monkeypatch.setattr(
        wagtail_adaptations, "_replaced", dict(wagtail_adaptations._replaced)
    )

    monkeypatch.setattr(router, "get_images_queryset", wagtail_queryset)
    assert "editorial.E004" in error_ids()
    wagtail_adaptations.install()
    adapted = router.get_images_queryset
    assert adapted is not wagtail_queryset
    wagtail_adaptations.install()
    assert router.get_images_queryset is adapted
    assert "editorial.E004" not in error_ids()


def test_untyped_stream_input_is_reported(monkeypatch):
    from wagtail.api.v3.schemas.generators.write import patch_generator
    from wagtail.fields import StreamField

    schemas = dict(patch_generator.field_schemas)
    schemas.pop(StreamField)
    monkeypatch.setattr(patch_generator, "field_schemas", schemas)
    assert "editorial.E002" in error_ids()


@pytest.mark.parametrize(
    ("module", "owner", "name"),
    [
        ("wagtail.api.conf", "APIField", "get_fields_for_model"),
        ("wagtail.api.v2.views", "BaseAPIViewSet", "_convert_api_fields"),
    ],
)
def test_write_only_fields_read_are_reported(monkeypatch, module, owner, name):
    import importlib

    cls = getattr(importlib.import_module(module), owner)
    original = cls.__dict__[name].__func__
    monkeypatch.setattr(cls, name, classmethod(lambda *args, **kwargs: []))
    assert "editorial.E009" in error_ids()
    assert wagtail_adaptations.is_adapted(original, "write_only_api_fields")


def test_block_errors_on_the_whole_field_are_reported(monkeypatch):
    from wagtail.utils.forms import FormValidationError

    monkeypatch.setattr(
        FormValidationError,
        "get_form_errors_as_dict",
        classmethod(lambda cls, form, path=(): {}),
    )
    assert "editorial.E010" in error_ids()


def test_write_only_fields_are_left_out_of_reads():
    from wagtail.api import APIField
    from wagtail.api.v2.views import BaseAPIViewSet

    from articles.models import ArticlePage

    read = {field.name for field in APIField.get_fields_for_model(ArticlePage)}
    v2 = set(BaseAPIViewSet.get_body_fields_names(ArticlePage))
    written = {
        field.name for field in APIField.get_writable_fields_for_model(ArticlePage)
    }
    assert {"category", "see_also_items", "contributors", "sponsor"} <= written
    assert not {"category", "see_also_items", "sponsor"} & (read | v2)
    assert {"category_data", "see_also", "contributors", "tags"} <= read & v2


def test_an_unadapted_get_rendition_is_reported(monkeypatch):
    from wagtail.images.models import AbstractImage

    monkeypatch.setattr(AbstractImage, "get_rendition", lambda self, filter: None)
    assert "editorial.E011" in error_ids()


@pytest.mark.django_db
def test_renditions_read_from_the_cache_are_not_written_back(monkeypatch):
    """A rendition read from the cache is returned without writing it to the
    cache again, by ``get_rendition`` and ``get_renditions`` alike; a new
    one is written once."""
    from wagtail.images.models import Image, Rendition

    from tests.factories_articles import ImageFactory

    backend = Rendition.cache_backend
    backend.clear()
    image = ImageFactory()
    written = []
    real_set, real_set_many = backend.set, backend.set_many
    monkeypatch.setattr(
        backend,
        "set",
        lambda key, value, *a, **k: (
            written.append(key) or real_set(key, value, *a, **k)
        ),
    )
    monkeypatch.setattr(
        backend,
        "set_many",
        lambda data, *a, **k: written.extend(data) or real_set_many(data, *a, **k),
    )
    first = image.get_rendition("fill-80x60")
    assert len(written) == 1
    again = Image.objects.get(pk=image.pk)  # (nothing prefetched on it)
    assert again.get_rendition("fill-80x60").pk == first.pk
    assert again.get_renditions("fill-80x60")["fill-80x60"].pk == first.pk
    assert len(written) == 1


def test_an_unadapted_site_filter_is_reported(monkeypatch):
    from wagtail.api.validators import SiteFilterValidator

    prop = SiteFilterValidator.__dict__["query"]
    monkeypatch.setattr(prop, "func", lambda self: None)
    assert "editorial.E012" in error_ids()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/find/?site=a:&html_path=$",
        "/api/v3/pages/find/?site=localhost:http&html_path=/",
        "/api/v3/pages/?site=a:",
        "/api/v2/pages/?site=a:x",
    ],
)
def test_a_site_filter_whose_port_is_no_number_finds_no_site(client, home, url):
    response = client.get(url)
    assert response.status_code in (400, 404)


@pytest.mark.django_db
def test_a_site_filter_with_a_port_still_finds_its_site(client, home):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    response = client.get(
        f"/api/v3/pages/find/?site={site.hostname}:{site.port}&html_path=/"
    )
    assert response.status_code == 302
    assert f"/api/v3/pages/{home.pk}/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "patch"])
def test_an_id_beyond_64_bits_is_not_found(client, home, method):
    from django.contrib.auth import get_user_model

    from wagtail.models import APIToken

    user = get_user_model().objects.create_user("big", is_superuser=True)
    token = APIToken.create_token(user=user, name="t")[1]
    response = getattr(client, method)(
        f"/api/v3/pages/{2**90}/",
        {} if method == "get" else {"title": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_an_unadapted_id_overflow_is_reported(monkeypatch):
    from wagtail.api.v3.api import api

    monkeypatch.delitem(api._exception_handlers, OverflowError)
    assert "editorial.E013" in error_ids()


def test_an_unadapted_searchable_content_is_reported(monkeypatch):
    from wagtail.fields import StreamField

    monkeypatch.setattr(
        StreamField, "get_searchable_content", lambda self, value: ["text"]
    )
    assert "editorial.E014" in error_ids()


def test_searchable_content_is_remembered_only_inside_its_own_context(monkeypatch):
    """The bulk indexing memo: one computation per body inside the block
    that set it; another thread (a request) computes as Wagtail does."""
    import threading

    from wagtail import blocks
    from wagtail.fields import StreamField

    from editorial.bulk.rows import _searchable_content_once

    calls = []
    real = blocks.StreamBlock.get_searchable_content
    monkeypatch.setattr(
        blocks.StreamBlock,
        "get_searchable_content",
        lambda self, value: calls.append(id(value)) or real(self, value),
    )
    field = StreamField([("text", blocks.CharBlock())])
    value = field.to_python([{"type": "text", "value": "Bonjour"}])
    elsewhere = []
    with _searchable_content_once():
        assert field.get_searchable_content(value) == ["Bonjour"]
        assert field.get_searchable_content(value) == ["Bonjour"]
        assert len(calls) == 1
        thread = threading.Thread(
            target=lambda: elsewhere.extend(
                field.get_searchable_content(value) for _ in range(2)
            )
        )
        thread.start()
        thread.join()
    assert elsewhere == [["Bonjour"], ["Bonjour"]] and len(calls) == 3
    # Outside the block, nothing is remembered.
    field.get_searchable_content(value)
    assert len(calls) == 4


def test_schemas_built_at_start_up_are_reported(monkeypatch):
    from ninja import Schema

    monkeypatch.delitem(Schema.model_config, "defer_build")
    assert "editorial.E015" in error_ids()


def test_filter_operations_parsed_once_per_spec():
    """Two filters of one spec share their parsed operations (each has its own
    list); an invalid spec still raises; an unadapted Filter is reported."""
    from wagtail.images.exceptions import InvalidFilterSpecError
    from wagtail.images.image_operations import WidthHeightOperation
    from wagtail.images.models import Filter

    first, second = Filter(spec="width-640"), Filter(spec="width-640")
    assert [type(op) for op in first.operations] == [WidthHeightOperation]
    assert first.operations[0] is second.operations[0]
    assert first.operations is not second.operations
    assert first.operations[0].size == 640
    with pytest.raises(InvalidFilterSpecError):
        Filter(spec="nonsense-12").operations  # noqa: B018


def test_an_unadapted_filter_is_reported(monkeypatch):
    from django.utils.functional import cached_property

    from wagtail.images.models import Filter

    original = Filter.__dict__["operations"]
    unadapted = cached_property(lambda self: [])
    unadapted.__set_name__(Filter, "operations")
    monkeypatch.setattr(Filter, "operations", unadapted)
    assert "editorial.E018" in error_ids()
    assert Filter.__dict__["operations"] is not original


def test_an_unadapted_cluster_constructor_is_reported(monkeypatch):
    from modelcluster.models import ClusterableModel

    monkeypatch.setattr(
        ClusterableModel, "__init__", lambda self, *args, **kwargs: None
    )
    assert "editorial.E020" in error_ids()


@pytest.mark.django_db
def test_cluster_rows_and_child_objects_are_built_as_modelcluster_builds_them():
    """A row read by position skips modelcluster's search of child relations;
    child objects given by keyword still become the page's children."""
    from wagtail.models import Page

    from articles.models import ArticlePage
    from editorial.models import SeeAlsoItem

    root = Page.objects.get(depth=1)
    row = Page.objects.get(pk=root.pk)
    assert row.pk == root.pk and not row._state.adding
    page = ArticlePage(title="Avec", see_also_items=[SeeAlsoItem(target=root)])
    assert [item.target for item in page.see_also_items.all()] == [root]


def test_image_operations_still_refuse_wrong_arguments():
    from wagtail.images.exceptions import InvalidFilterSpecError
    from wagtail.images.models import Filter

    assert [op.method for op in Filter(spec="fill-10x20|format-webp").operations] == [
        "fill",
        "format",
    ]
    for spec in ("fill", "width-10-20", "jpegquality-80-1", "bgcolor"):
        with pytest.raises(InvalidFilterSpecError):
            Filter(spec=spec).operations  # noqa: B018


def test_an_unadapted_serve_url_reverse_is_reported(monkeypatch):
    from django.urls import reverse

    from wagtail.models import pages

    monkeypatch.setattr(pages, "reverse", reverse)
    assert "editorial.E022" in error_ids()


@pytest.mark.parametrize("prefix", ["/", "/sous-site/", "/100%/"])
def test_serve_urls_are_reversed_as_django_reverses_them(prefix):
    from django.urls import (
        NoReverseMatch,
        get_script_prefix,
        reverse,
        set_script_prefix,
    )

    from wagtail.models import pages

    old = get_script_prefix()
    set_script_prefix(prefix)
    try:
        for path in ["", "articles/", "articles/été-2026/", "a-b/c_d/", "x/"]:
            assert pages.reverse("wagtail_serve", args=(path,)) == reverse(
                "wagtail_serve", args=(path,)
            )
        for path in ["no-slash", "a b/", "../", "a//"]:
            with pytest.raises(NoReverseMatch):
                pages.reverse("wagtail_serve", args=(path,))
        # Other names and forms go to Django's reverse.
        assert pages.reverse("wagtailcore_login") == reverse("wagtailcore_login")
        assert pages.reverse("wagtail_serve", args=("a/",), query={"q": "1"}) == (
            reverse("wagtail_serve", args=("a/",), query={"q": "1"})
        )
    finally:
        set_script_prefix(old)


def test_an_unadapted_truncator_is_reported(monkeypatch):
    from django.utils.text import Truncator

    monkeypatch.setattr(Truncator, "chars", Truncator.chars.__wrapped__)
    assert "editorial.E025" in error_ids()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "court",
        "x" * 10,
        "x" * 11,
        "Été " * 40,
        "e\u0301te\u0301" * 3,  # decomposed: normalised, combining marks count none
        "e\u0301" * 11,
        "<b>gras</b> et " * 3,
    ],
)
@pytest.mark.parametrize("length", [-1, 0, 1, 10, 12, "10", 300])
def test_truncated_texts_are_those_django_gives(text, length):
    from django.utils.functional import lazystr
    from django.utils.text import Truncator

    django_chars = Truncator.chars.__wrapped__
    for value in (text, lazystr(text)):
        assert Truncator(value).chars(length) == django_chars(Truncator(value), length)
        assert Truncator(value).chars(length, truncate="[…]") == django_chars(
            Truncator(value), length, truncate="[…]"
        )
        assert Truncator(value).chars(length, html=True) == django_chars(
            Truncator(value), length, html=True
        )


def test_the_truncatechars_filter_keeps_escaping():
    from django.template import engines

    template = engines["django"].from_string(
        "{{ text|striptags|truncatechars:300 }}|{{ text|truncatechars:5 }}"
    )
    assert template.render({"text": "<i>A & B</i>"}) == ("A &amp; B|&lt;i&gt;A…")


def test_an_unadapted_static_url_is_reported(monkeypatch):
    from django.templatetags.static import StaticNode

    monkeypatch.setattr(
        StaticNode,
        "handle_simple",
        classmethod(StaticNode.handle_simple.__func__.__wrapped__),
    )
    assert "editorial.E026" in error_ids()


def test_static_urls_follow_the_settings(settings):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.templatetags.static import static

    assert static("site_config/css/pressroom.css") == staticfiles_storage.url(
        "site_config/css/pressroom.css"
    )
    settings.STATIC_URL = "https://cdn.example.com/assets/"
    assert static("a b.css") == "https://cdn.example.com/assets/a%20b.css"
    settings.STATIC_URL = "/static/"
    assert static("a b.css") == "/static/a%20b.css"


def test_static_urls_of_another_storage_are_asked_every_time(settings):
    from django.templatetags.static import static

    calls = []

    class SignedStorage:
        def __init__(self, **options):
            pass

        def url(self, name):
            calls.append(name)
            return f"https://bucket.example.com/{name}?signature={len(calls)}"

    import types

    module = types.ModuleType("pressroom_test_signed_storage")
    module.SignedStorage = SignedStorage
    import sys

    sys.modules[module.__name__] = module
    try:
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": f"{module.__name__}.SignedStorage"},
        }
        assert static("a.css").endswith("signature=1")
        assert static("a.css").endswith("signature=2")
    finally:
        del sys.modules[module.__name__]


def test_an_unadapted_file_url_is_reported(monkeypatch):
    from django.core.files.storage import FileSystemStorage

    monkeypatch.setattr(FileSystemStorage, "url", FileSystemStorage.url.__wrapped__)
    assert "editorial.E026" in error_ids()


def test_file_urls_are_those_django_gives(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage

    django_url = FileSystemStorage.url.__wrapped__
    names = [
        "images/a b.jpg",
        "/images/été.png",
        "x?y#z.txt",
        "original_images/100%.gif",
    ]
    storage = FileSystemStorage(location=tmp_path)
    for _round in range(2):
        for name in names:
            assert storage.url(name) == django_url(storage, name)
    # A changed setting: the new base URL.
    settings.MEDIA_URL = "https://media.example.com/m/"
    assert storage.url(names[0]) == "https://media.example.com/m/images/a%20b.jpg"
    own = FileSystemStorage(location=tmp_path, base_url="/own")
    assert own.url(names[0]) == "/own/images/a%20b.jpg"
    settings.MEDIA_URL = None
    with pytest.raises(ValueError, match="not accessible"):
        FileSystemStorage(location=tmp_path).url(names[0])
