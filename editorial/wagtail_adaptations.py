"""Every adaptation of Wagtail (and of django-ninja under its API v3, and of
three Django functions that every page render calls) that Pressroom makes,
in one place.

- ``bound_offsets``: offsets of Wagtail's own v3 listings (pages, images,
  documents…) are bounded. Wagtail leaves them unbounded, and an offset beyond
  a 64-bit integer is a server error on SQLite and PostgreSQL (found by
  Schemathesis); it is now a documented 422 like any invalid parameter.
- ``type_streamfields``: every StreamField is typed block by block in the
  OpenAPI document (``editorial.block_schemas``), in reads and in writes
  (``type_stream_input``: chooser blocks take ids, rich text takes front-end
  HTML, ``editorial.rich_text_input``, as do rich-text fields).
- ``block_error_locations``: a StreamField refused by API v3's write is
  reported where the block is (``body.3.source_url``: the link's scheme),
  not as one "Validation error in StreamBlock" on the whole field.
- ``write_only_api_fields``: an ``editorial.api_fields.WriteOnlyAPIField``
  (a model field clients write, e.g. ``category``, that the APIs read under
  another name, ``category_data``) is left out of both APIs' reads.
- ``leave_out_unusable_snippets``: the snippets router is left out while no
  snippet model has API fields: Wagtail mounts it anyway, and its twelve
  operations then take a ``{type}`` no value satisfies.
- ``public_media``: the v3 image and document reads never show a private
  collection's files (``editorial.media``), like every other read.
- ``scheduled_pages``: the v3 ``pages/`` reads hide pages off schedule from
  anonymous readers (``editorial.content.on_schedule_q``).
- ``documented_problems``: the OpenAPI document lists the problem+json answers
  Wagtail's operations send but leave out (``editorial.api.problems``).
- ``ids_beyond_the_database``: an id no database integer holds (API v3's
  ``{page_id}``, ``{image_id}``… are unbounded ``int``) is a 404, as an
  unknown id is, not the 500 of SQLite's ``OverflowError``.
- ``cached_site_lookup``: the site of a request is chosen from the list of
  sites read once per content generation (``editorial.sites``) rather than
  by a query on every request, with Wagtail's rules.
- ``renditions_read_once``: a rendition read from the cache is not written
  back to it. Wagtail's ``get_rendition`` writes every rendition it returns
  and ``get_renditions`` those not prefetched, so each render wrote back
  each picture it had just read (13 writes per render of the seed article,
  a Redis round trip each in production).
- ``filter_operations_once``: an image filter's operations (``width-800``
  -> ``WidthHeightOperation``) are parsed once per spec and process. Wagtail
  parses the spec of every ``Filter`` it makes, calling each image-operation
  hook to do so, and makes new ones for each image tag and rendition lookup
  (13 per render of the seed article). The operations depend only on the
  spec and the hooks, and are not changed once made.
- ``searchable_content_memo``: inside ``SEARCHABLE_CONTENT`` (a context
  variable that ``editorial.bulk`` sets while it indexes a batch of pages),
  a StreamField value's searchable content is computed once: modelsearch's
  database backends read each search field of an object three times (title,
  autocomplete and body columns), and a body's searchable content is most of
  the cost of indexing a page. The memo is the indexing call's own: other
  threads and tasks, which do not see the context variable, compute as
  Wagtail does.
- ``deferred_schemas``: django-ninja schemas build their pydantic validators
  and serializers when first used, not when their class is made. Wagtail's
  API v3 makes read, create and patch schemas for every page type when it is
  imported (its apps' ``ready()``), with every StreamField typed block by
  block (``type_streamfields``): building them all took ~10 MB of every
  worker's memory, a worker that serves only readers never uses them, and
  an API request builds only those it uses (gunicorn's master builds them
  and the operations' models in its warm-up, ``site_config.warmup``, so
  workers share them).
- ``cluster_rows_built_directly``: a row read from the database becomes a
  model instance through modelcluster's ``ClusterableModel.__init__``
  (every page, and every object with child relations), which lists the
  model's child relations by walking all its fields, twice, to find any
  passed as keyword arguments, on each instance (~27 per article render).
  Django's ``from_db`` passes the values by position only: with no keyword
  arguments there is nothing to look for, and the values go on to
  ``Model.__init__`` at once.
- ``serve_urls_reversed_once``: ``Page.get_url_parts`` reverses
  ``wagtail_serve`` for every URL of a page it gives (~24 per article
  render: links, cards, breadcrumbs, the canonical URL), and each
  ``reverse()`` looks the name up, escapes the script prefix and compiles
  the check of the result again. ``wagtail.models.pages`` now reverses that
  name with the resolver's own pattern and format, taken once per URLconf,
  script prefix and language; the URL is checked against the pattern and
  quoted as Django does, and anything else (another name, a mounting the
  shortcut does not cover, a path the pattern refuses) goes to ``reverse()``.
- ``short_texts_untruncated``: ``Truncator.chars`` (the ``truncatechars``
  filter: a page's meta and social descriptions) returns a text no longer
  than the limit at once, normalised as Django returns it. Django walks every
  character of it, looking each up in the Unicode tables, to find what it
  already knows: a text of at most ``length`` characters counts at most
  ``length`` (combining characters count for none), so Django returns it
  whole. HTML truncation (``html=True``) is Django's.
- ``static_urls_once``: ``{% static %}`` (``StaticNode.handle_simple``) gives
  the URL of each path once per process, script prefix and settings while
  the static files storage is one of Django's own (``StaticFilesStorage``
  and its subclasses: manifest, WhiteNoise), whose URL of a name depends on
  nothing else (the manifest is read when the storage is made); ~10 per
  page. Any other storage (object storage that signs its URLs) is asked
  every time; a changed setting (tests) forgets the URLs.
- ``file_urls_once``: a file on Django's ``FileSystemStorage`` (media, and
  the static files under it) gets its URL once per name and base URL, per
  storage: ``url()`` quotes the name and joins it to the base URL with
  ``urljoin``, the same answer for the same two (~20 per article render:
  each rendition of a picture, its srcset, the social card). Subclasses
  that override ``url()`` keep theirs (they may call this one). Checked
  with ``static_urls_once`` (``E026``).

Wagtail's own apps import its API v3 from their ``ready()`` (redirects,
images, documents, snippets), and the routers bind the pagination and the
schemas as they are defined: whatever the order of ``INSTALLED_APPS``, an
adaptation must be in place before those modules run, but several of them
cannot even be imported before Wagtail's ``ready()``. So
``EditorialConfig.import_models()`` (which runs before any app's ``ready()``)
calls ``install()``: each adaptation runs right after the module it adapts
has been executed (``_after_import``), or at once if that module is loaded
already. Nothing here runs as a side effect of importing a Pressroom module.

``check_adaptations`` (a system check, ``editorial.E001``–``E006``,
``E008``–``E015``, ``E018``, ``E020``, ``E022``, ``E025``, ``E026``) reports an
adaptation that did not take effect; ``editorial.E007`` reports a Wagtail
whose replaced function no longer has the signature the adaptation was
written for.
"""

import contextvars
import functools
import importlib.abc
import importlib.machinery
import inspect
import sys

from django.core import checks

MAX_OFFSET = 100_000
API_NAMESPACE = "wagtailapi_v3"
SNIPPETS_PREFIX = "/snippets/"
MARK = "pressroom_adaptation"
# While set (to a dict), StreamField searchable content is remembered in it
# (``searchable_content_memo``): ``editorial.bulk`` sets it around indexing.
SEARCHABLE_CONTENT = contextvars.ContextVar(
    "pressroom_searchable_content", default=None
)

# The parameters of what Pressroom replaces, as Wagtail 8.0 (and
# django-ninja 1.x) define them: a version that changes one gets
# editorial.E007 (the input model: its field names).
REPLACED_SIGNATURES = {
    "ninja.main.NinjaAPI.add_router": (
        "(self, prefix, router, *, auth, throttle, tags, url_name_prefix, "
        "parent_router)"
    ),
    "wagtail.api.v3.api.api.get_openapi_schema": "(*, path_prefix, path_params)",
    "wagtail.api.conf.APIField.get_fields_for_model": "(cls, model, db_fields_only)",
    "wagtail.api.v2.views.BaseAPIViewSet._convert_api_fields": "(cls, fields)",
    "wagtail.utils.forms.FormValidationError.get_form_errors_as_dict": (
        "(cls, form, path)"
    ),
    "wagtail.api.v3.pagination.WagtailLimitOffsetPagination.Input": (
        "['limit', 'offset']"
    ),
    "wagtail.api.v3.routers.pages.get_pages_queryset": "(request, model)",
    "wagtail.documents.api.v3.router.get_documents_queryset": "(request)",
    "wagtail.images.api.v3.router.get_images_queryset": "(request)",
    "wagtail.images.models.AbstractImage.get_rendition": "(self, filter)",
    "wagtail.fields.StreamField.get_searchable_content": "(self, value)",
    "modelcluster.models.ClusterableModel.__init__": "(self, *args, **kwargs)",
    "wagtail.models.pages.reverse": (
        "(viewname, urlconf, args, kwargs, current_app, *, query, fragment)"
    ),
    "django.utils.text.Truncator.chars": "(self, num, truncate, html)",
    "django.templatetags.static.StaticNode.handle_simple": "(cls, path)",
    "django.core.files.storage.filesystem.FileSystemStorage.url": "(self, name)",
}
_replaced = {}  # dotted name -> the signature found when it was replaced


def _shape(func):
    """``func``'s parameters by name and kind, e.g. ``(request, *, model)``:
    what a replacement depends on (annotations and their text vary with the
    Python version)."""
    parts, keyword_only = [], False
    for parameter in inspect.signature(func).parameters.values():
        if parameter.kind is parameter.KEYWORD_ONLY and not keyword_only:
            parts.append("*")
            keyword_only = True
        star = {parameter.VAR_POSITIONAL: "*", parameter.VAR_KEYWORD: "**"}
        parts.append(star.get(parameter.kind, "") + parameter.name)
    return f"({', '.join(parts)})"


def _marked(func, name):
    setattr(func, MARK, name)
    return func


def is_adapted(obj, name):
    return getattr(obj, MARK, None) == name


# -- the adaptations ----------------------------------------------------------------


def bound_offsets(pagination):
    from ninja import Field

    pager = pagination.WagtailLimitOffsetPagination
    if is_adapted(pager.Input, "bound_offsets"):
        return

    _replaced["wagtail.api.v3.pagination.WagtailLimitOffsetPagination.Input"] = str(
        list(pager.Input.model_fields)
    )

    class Input(pager.Input):
        offset: int = Field(default=0, ge=0, le=MAX_OFFSET)

    pager.Input = _marked(Input, "bound_offsets")


def type_streamfields(read):
    from wagtail.fields import StreamField

    from editorial import block_schemas

    read.read_generator.register_field_schema(
        StreamField, block_schemas.streamfield_schema
    )


def type_stream_input(write):
    from wagtail.fields import RichTextField, StreamField

    from editorial import block_schemas

    for generator in (write.create_generator, write.patch_generator):
        generator.register_field_schema(
            StreamField, block_schemas.streamfield_input_schema
        )
        generator.register_field_schema(
            RichTextField, block_schemas.rich_text_field_input_schema
        )


def _is_write_only(field):
    from editorial.api_fields import WriteOnlyAPIField

    return isinstance(field, WriteOnlyAPIField)


def write_only_api_fields(conf):
    """API v3's reads (schemas, filters, ordering) list a model's fields with
    ``APIField.get_fields_for_model``; its writes use
    ``get_writable_fields_for_model``, left as it is."""
    api_field = conf.APIField
    original = api_field.__dict__["get_fields_for_model"].__func__
    if is_adapted(original, "write_only_api_fields"):
        return
    _replaced["wagtail.api.conf.APIField.get_fields_for_model"] = _shape(original)

    def get_fields_for_model(cls, model, db_fields_only=False):
        return [
            field
            for field in original(cls, model, db_fields_only=db_fields_only)
            if not _is_write_only(field)
        ]

    api_field.get_fields_for_model = classmethod(
        _marked(get_fields_for_model, "write_only_api_fields")
    )


def write_only_api_fields_v2(views):
    """API v2 reads a model's ``api_fields`` through ``_convert_api_fields``."""
    viewset = views.BaseAPIViewSet
    original = viewset.__dict__["_convert_api_fields"].__func__
    if is_adapted(original, "write_only_api_fields"):
        return
    _replaced["wagtail.api.v2.views.BaseAPIViewSet._convert_api_fields"] = _shape(
        original
    )

    def _convert_api_fields(cls, fields):
        return original(cls, [field for field in fields if not _is_write_only(field)])

    viewset._convert_api_fields = classmethod(
        _marked(_convert_api_fields, "write_only_api_fields")
    )


def _block_error_entries(data, path):
    """``{path: [(message, code)]}`` of a block error's JSON
    (``as_json_data()``: ``messages`` and nested ``blockErrors``)."""
    entries = {}
    if data.get("messages"):
        entries[path] = [(str(message), "invalid") for message in data["messages"]]
    for key, child in (data.get("blockErrors") or {}).items():
        entries.update(_block_error_entries(child, (*path, key)))
    return entries


def block_error_locations(forms):
    error_class = forms.FormValidationError
    original = error_class.__dict__["get_form_errors_as_dict"].__func__
    if is_adapted(original, "block_error_locations"):
        return
    _replaced["wagtail.utils.forms.FormValidationError.get_form_errors_as_dict"] = (
        _shape(original)
    )

    def get_form_errors_as_dict(cls, form, path=()):
        errors = original(cls, form, path)
        for name, field_errors in form.errors.as_data().items():
            blocks = [e for e in field_errors if hasattr(e, "as_json_data")]
            if not blocks:
                continue
            errors.pop((*path, name), None)
            for error in blocks:
                errors.update(_block_error_entries(error.as_json_data(), (*path, name)))
        return errors

    error_class.get_form_errors_as_dict = classmethod(
        _marked(get_form_errors_as_dict, "block_error_locations")
    )


def snippets_have_api_fields():
    """Whether Wagtail's API v3 serves any snippet model (one with API fields)."""
    from wagtail.api.v3.registry import registry
    from wagtail.snippets.models import get_snippet_models

    return any(registry.has(model._meta.label) for model in get_snippet_models())


def _is_unusable_snippets(api, prefix):
    return (
        api.urls_namespace == API_NAMESPACE
        and prefix == SNIPPETS_PREFIX
        and not snippets_have_api_fields()
    )


def leave_out_unusable_snippets(ninja_main):
    """Refuse the snippets router when Wagtail mounts it (it does so from
    wagtail.snippets' ready()), and drop it if it is mounted already."""
    api_class = ninja_main.NinjaAPI
    if is_adapted(api_class.add_router, "leave_out_unusable_snippets"):
        return
    add_router = api_class.add_router
    _replaced["ninja.main.NinjaAPI.add_router"] = _shape(add_router)

    def add_usable_router(self, prefix, router, **kwargs):
        if not _is_unusable_snippets(self, prefix):
            add_router(self, prefix, router, **kwargs)

    api_class.add_router = _marked(add_usable_router, "leave_out_unusable_snippets")
    api_module = sys.modules.get("wagtail.api.v3.api")
    if api_module is not None:
        _drop_unusable_snippets(api_module.api)


def _drop_unusable_snippets(api):
    api._router_registrations = [
        registration
        for registration in api._router_registrations
        if not _is_unusable_snippets(api, registration[0])
    ]
    api._routers = [
        (prefix, router)
        for prefix, router in api._routers
        if not _is_unusable_snippets(api, prefix)
    ]


def deferred_schemas(schema_module):
    # Set on django-ninja's base schema before Wagtail's API v3 makes its
    # schemas (install() runs before any app's ready()): pydantic reads a
    # class's configuration from its bases when the class is made.
    schema_module.Schema.model_config["defer_build"] = True


def build_deferred_schemas():
    """Build API v3's schemas as Wagtail built them at start-up (gunicorn's
    master, before it forks the workers: ``site_config.warmup``): each
    content type's, then the models of each operation, which reuse them.
    Built the other way round, each operation's model would hold its own copy
    of every page type's schema (6 MB more in the master)."""
    from wagtail.api.v3.api import api
    from wagtail.api.v3.registry import registry

    from pydantic import BaseModel

    def build(schema):
        if (
            isinstance(schema, type)
            and issubclass(schema, BaseModel)
            and not schema.__pydantic_complete__
        ):
            schema.model_rebuild()

    for registration in registry._registry.values():
        for direction in ("read", "create", "patch"):
            build(getattr(registration, f"{direction}_schema", None))
    routers = [router for _prefix, router, *_rest in api._routers]
    while routers:
        router = routers.pop()
        routers.extend(child for _prefix, child, *_rest in router._routers)
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for schema in [*operation.models, *operation.response_models.values()]:
                    build(schema)


def _replace(module, name, make):
    """Replace the function ``module.name`` (that Wagtail's views look up at
    call time) with ``make(original)``, noting the original's signature."""
    original = getattr(module, name, None)
    if original is None or is_adapted(original, name):
        return
    _replaced[f"{module.__name__}.{name}"] = _shape(original)
    setattr(module, name, _marked(make(original), name))


def public_media(router):
    """Wagtail 8 offers no hook for the querysets of ``/api/v3/images/`` and
    ``/documents/`` but these module functions, which its read views look up
    at call time (its write views fetch by id on their own, so editors with
    tokens still reach private media)."""
    from editorial.media import public_media as public

    name, model = (
        ("get_images_queryset", "Image")
        if hasattr(router, "get_images_queryset")
        else ("get_documents_queryset", "Document")
    )

    model = getattr(router, model)

    def make(original):
        def public_queryset(request):
            return public(model.objects.all()).prefetch_related("tags").order_by("id")

        return public_queryset

    _replace(router, name, make)


def scheduled_pages(pages_router):
    """Hide pages off schedule from anonymous readers of ``pages/`` (listing,
    detail, ``find/``). Wagtail filters ``live()`` and public only; editors
    with a token keep what Wagtail gives them (the pages they may change)."""

    def make(original):
        def get_pages_queryset(request, *args, **kwargs):
            from editorial.content import on_schedule_q

            queryset = original(request, *args, **kwargs)
            if request.user.is_authenticated:
                return queryset
            return with_cached_count(queryset.filter(on_schedule_q()), request)

        return get_pages_queryset

    _replace(pages_router, "get_pages_queryset", make)


class CachedCountMixin:
    """A queryset whose ``count()`` comes from ``editorial.listing_cache``
    under ``count_key`` (kept by every clone): the listing's count, which
    Ninja's pagination takes on each request, scans every matching page."""

    count_key = None

    def _clone(self):
        clone = super()._clone()
        clone.count_key = self.count_key
        return clone

    def count(self):
        from editorial import listing_cache

        if self.count_key is None or self._result_cache is not None:
            return super().count()
        return listing_cache.cached(self.count_key, super().count)


@functools.cache
def cached_count_class(queryset_class):
    return type(
        f"CachedCount{queryset_class.__name__}", (CachedCountMixin, queryset_class), {}
    )


def with_cached_count(queryset, request):
    """``queryset`` (an anonymous reader's pages listing) counted once per
    content generation for the request's host, path and every parameter but
    the window: the same for every anonymous reader (live, public pages)."""
    parameters = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in ("limit", "offset")
        for value in values
    )
    cached = queryset.all()
    cached.__class__ = cached_count_class(type(queryset))
    cached.count_key = ("api-v3-count", request.get_host(), request.path, *parameters)
    return cached


def documented_problems(api_module):
    api = api_module.api
    if is_adapted(api.get_openapi_schema, "documented_problems"):
        return
    wagtail_schema = api.get_openapi_schema
    _replaced["wagtail.api.v3.api.api.get_openapi_schema"] = _shape(wagtail_schema)

    def get_openapi_schema(**kwargs):
        from editorial.api.problems import document_problem_responses

        return document_problem_responses(wagtail_schema(**kwargs))

    api.get_openapi_schema = _marked(get_openapi_schema, "documented_problems")
    _drop_unusable_snippets(api)


def ids_beyond_the_database(api_module):
    """Wagtail's v3 operations take ids as unbounded ``int``: on SQLite one
    beyond 64 bits raised ``OverflowError`` in the query, a 500 (PostgreSQL
    finds nothing: Django leaves out integers beyond a column's range). No
    object has such an id: 404, as for any unknown id."""
    from wagtail.api.v3.errors import problem_response

    api = api_module.api
    if OverflowError in api._exception_handlers:
        return

    def beyond_the_database(request, exc):
        return problem_response(status=404, detail="Not found")

    api.add_exception_handler(OverflowError, beyond_the_database)


def cached_site_lookup(sites_module):
    from editorial.sites import find_for_request

    site_class = sites_module.Site
    if is_adapted(site_class.__dict__["_find_for_request"], "cached_site_lookup"):
        return
    site_class._find_for_request = _marked(
        staticmethod(find_for_request), "cached_site_lookup"
    )


def renditions_read_once(images_models):
    image_class = images_models.AbstractImage
    if is_adapted(image_class.get_rendition, "renditions_read_once"):
        return
    rendition_class = images_models.AbstractRendition
    filter_class = images_models.Filter
    invalid = images_models.InvalidFilterSpecError
    _replaced["wagtail.images.models.AbstractImage.get_rendition"] = _shape(
        image_class.get_rendition
    )
    model_setstate = rendition_class.__setstate__

    def __setstate__(self, state):
        # Unpickled: read from the cache (what get_renditions checks).
        model_setstate(self, state)
        self._from_cache = True

    def get_rendition(self, filter):
        # Wagtail's, but for the last step: a rendition read from the cache
        # (or prefetched) is not written to it again.
        Rendition = self.get_rendition_model()
        if isinstance(filter, str):
            filter = filter_class(spec=filter)
        elif not isinstance(filter, filter_class):
            raise invalid(
                "Unrecognised filter format - string or Filter instance expected"
            )
        filter = self.clean_filter_for_svg(filter)
        try:
            rendition = self.find_existing_rendition(filter)
        except Rendition.DoesNotExist:
            rendition = self.create_rendition(filter)
            self._add_to_prefetched_renditions(rendition)
        if not getattr(rendition, "_from_cache", False):
            cache_key = Rendition.construct_cache_key(
                self, filter.get_cache_key(self), filter.spec
            )
            Rendition.cache_backend.set(cache_key, rendition)
        return rendition

    rendition_class.__setstate__ = __setstate__
    image_class.get_rendition = _marked(get_rendition, "renditions_read_once")


# At most this many specs are remembered (``filter_operations_once``): API
# clients may ask for renditions of specs of their own.
MAX_PARSED_FILTERS = 500


def filter_operations_once(images_models):
    filter_class = images_models.Filter
    prop = filter_class.__dict__["operations"]
    if is_adapted(prop.func, "filter_operations_once"):
        return
    original = prop.func
    parsed = {}

    def operations(self):
        from wagtail import hooks

        # The hooks are part of the key: a test may register an operation.
        key = (self.spec, tuple(hooks.get_hooks("register_image_operations")))
        found = parsed.get(key)
        if found is None:
            found = original(self)  # an invalid spec raises, as in Wagtail
            if len(parsed) < MAX_PARSED_FILTERS:
                parsed[key] = found
        # The operations are shared; each filter has a list of its own.
        return list(found)

    prop.func = _marked(functools.wraps(original)(operations), "filter_operations_once")


def searchable_content_memo(fields):
    field_class = fields.StreamField
    if is_adapted(field_class.get_searchable_content, "searchable_content_memo"):
        return
    _replaced["wagtail.fields.StreamField.get_searchable_content"] = _shape(
        field_class.get_searchable_content
    )
    original = field_class.get_searchable_content

    def get_searchable_content(self, value):
        memo = SEARCHABLE_CONTENT.get()
        if memo is None:
            return original(self, value)
        key = (id(self), id(value))
        if key not in memo:
            # The value is kept with its content, so that its id is not reused.
            memo[key] = (value, original(self, value))
        return memo[key][1]

    field_class.get_searchable_content = _marked(
        get_searchable_content, "searchable_content_memo"
    )


def site_filter_ports(validators):
    """``?site=host:port`` of Wagtail's API filters sites by port without
    checking it is a number: ``site=a:`` reached the database as a port and
    ended in a server error. A port that is not a number names no site: 404,
    as an unknown host does."""
    from django.http import Http404

    prop = validators.SiteFilterValidator.__dict__["query"]
    # pydantic keeps the computed field's cached_property on the class; its
    # ``func`` is what each instance calls once.
    prop = getattr(prop, "wrapped_property", prop)
    if is_adapted(prop.func, "site_filter_ports"):
        return
    original = prop.func

    def query(self):
        found = original(self)
        if found and not str(found.get("port", "0")).isdigit():
            raise Http404("No site has this hostname and port.")
        return found

    prop.func = _marked(functools.wraps(original)(query), "site_filter_ports")


def cluster_rows_built_directly(cluster_models):
    cluster_class = cluster_models.ClusterableModel
    original = cluster_class.__init__
    if is_adapted(original, "cluster_rows_built_directly"):
        return
    _replaced["modelcluster.models.ClusterableModel.__init__"] = _shape(original)

    def __init__(self, *args, **kwargs):
        if kwargs:
            # Maybe child objects among them (a form, a revision, a test):
            # modelcluster's way.
            original(self, *args, **kwargs)
        else:
            # A row (``from_db``): no child relation can be among positional
            # values, which modelcluster passes on as they are.
            super(cluster_class, self).__init__(*args)

    cluster_class.__init__ = _marked(
        functools.wraps(original)(__init__), "cluster_rows_built_directly"
    )


def serve_urls_reversed_once(pages_module):
    import re
    import weakref
    from urllib.parse import quote

    from django.urls import get_resolver, get_script_prefix, get_urlconf
    from django.utils.http import RFC3986_SUBDELIMS, escape_leading_slashes
    from django.utils.translation import get_language

    original = pages_module.reverse
    if is_adapted(original, "serve_urls_reversed_once"):
        return
    _replaced["wagtail.models.pages.reverse"] = _shape(original)
    # resolver -> {(script prefix, language): (format, parameter, check) or None}
    plans = weakref.WeakKeyDictionary()

    def plan(resolver, prefix):
        # What ``URLResolver._reverse_with_prefix`` tries for the name, when
        # it is one pattern of one parameter without converter.
        if not resolver._populated:
            resolver._populate()
        possibilities = resolver.reverse_dict.getlist("wagtail_serve")
        if len(possibilities) != 1:
            return None
        possibility, pattern, _defaults, converters = possibilities[0]
        if len(possibility) != 1 or converters or len(possibility[0][1]) != 1:
            return None
        result, (parameter,) = possibility[0]
        check = re.compile(f"^{re.escape(prefix)}{pattern}")
        return prefix.replace("%", "%%") + result, parameter, check

    def reverse(
        viewname, urlconf=None, args=None, kwargs=None, current_app=None, **options
    ):
        if (
            viewname != "wagtail_serve"
            or urlconf is not None
            or kwargs
            or current_app
            or options
            or not args
            or len(args) != 1
        ):
            return original(viewname, urlconf, args, kwargs, current_app, **options)
        resolver = get_resolver(get_urlconf())
        prefix = get_script_prefix()
        by_prefix = plans.get(resolver)
        if by_prefix is None:
            by_prefix = plans[resolver] = {}
        key = (prefix, get_language())
        if key not in by_prefix:
            by_prefix[key] = plan(resolver, prefix)
        found = by_prefix[key]
        if found is None:
            return original(viewname, urlconf, args, kwargs, current_app, **options)
        url_format, parameter, check = found
        candidate = url_format % {parameter: str(args[0])}
        if not check.search(candidate):
            return original(viewname, urlconf, args, kwargs, current_app, **options)
        return escape_leading_slashes(quote(candidate, safe=RFC3986_SUBDELIMS + "/~:@"))

    pages_module.reverse = _marked(
        functools.wraps(original)(reverse), "serve_urls_reversed_once"
    )


def short_texts_untruncated(text_module):
    import unicodedata

    truncator = text_module.Truncator
    original = truncator.chars
    if is_adapted(original, "short_texts_untruncated"):
        return
    _replaced["django.utils.text.Truncator.chars"] = _shape(original)

    def chars(self, num, truncate=None, html=False):
        if not html:
            length = int(num)
            if length > 0:
                self._setup()
                text = unicodedata.normalize("NFC", self._wrapped)
                if len(text) <= length:
                    # What Django's walk returns: nothing to cut.
                    return text
        return original(self, num, truncate, html)

    truncator.chars = _marked(
        functools.wraps(original)(chars), "short_texts_untruncated"
    )


# At most this many static paths are remembered (``static_urls_once``).
MAX_STATIC_URLS = 1000
# What a static URL depends on besides the path and the storage.
STATIC_URL_SETTINGS = frozenset(
    {"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_STORAGE", "DEBUG"}
)


def _plain_static_storage():
    """Whether ``{% static %}`` asks one of Django's own static files
    storages (a URL of a name depends only on settings and the manifest)."""
    from django.apps import apps
    from django.contrib.staticfiles.storage import (
        StaticFilesStorage,
        staticfiles_storage,
    )

    if not apps.is_installed("django.contrib.staticfiles"):
        return False
    # The lazy storage answers isinstance() as the storage it stands for.
    return isinstance(staticfiles_storage, StaticFilesStorage)


def static_urls_once(static_module):
    from django.core.signals import setting_changed
    from django.urls import get_script_prefix

    node = static_module.StaticNode
    original = node.__dict__["handle_simple"].__func__
    if is_adapted(original, "static_urls_once"):
        return
    _replaced["django.templatetags.static.StaticNode.handle_simple"] = _shape(original)
    urls = {}
    # Empty until known: whether the storage is one of Django's own.
    plain = []

    def forget(*, setting, **kwargs):
        if setting in STATIC_URL_SETTINGS or setting == "INSTALLED_APPS":
            urls.clear()
            plain.clear()

    setting_changed.connect(forget, weak=False, dispatch_uid="pressroom_static_urls")

    def handle_simple(cls, path):
        if not plain:
            plain.append(_plain_static_storage())
        if not plain[0]:
            return original(cls, path)
        key = (path, get_script_prefix())
        url = urls.get(key)
        if url is None:
            url = original(cls, path)  # a path the manifest lacks raises
            if len(urls) < MAX_STATIC_URLS:
                urls[key] = url
        return url

    node.handle_simple = classmethod(
        _marked(functools.wraps(original)(handle_simple), "static_urls_once")
    )


# At most this many URLs are remembered per storage (``file_urls_once``).
MAX_FILE_URLS = 5000


def file_urls_once(filesystem_module):
    storage_class = filesystem_module.FileSystemStorage
    original = storage_class.url
    if is_adapted(original, "file_urls_once"):
        return
    _replaced["django.core.files.storage.filesystem.FileSystemStorage.url"] = _shape(
        original
    )

    def url(self, name):
        base_url = self.base_url  # follows the settings (reset when they change)
        urls = self.__dict__.get("_pressroom_urls")
        if urls is None:
            urls = self.__dict__["_pressroom_urls"] = {}
        key = (name, base_url)
        found = urls.get(key)
        if found is None:
            found = original(self, name)  # no base URL: Django's error
            if len(urls) < MAX_FILE_URLS:
                urls[key] = found
        return found

    storage_class.url = _marked(functools.wraps(original)(url), "file_urls_once")


# Module -> the adaptations to run once it has been executed.
ADAPTATIONS = {
    "wagtail.models.sites": [cached_site_lookup],
    "wagtail.images.models": [renditions_read_once, filter_operations_once],
    "ninja.main": [leave_out_unusable_snippets],
    "ninja.schema": [deferred_schemas],
    "wagtail.api.v3.pagination": [bound_offsets],
    "wagtail.api.conf": [write_only_api_fields],
    "wagtail.utils.forms": [block_error_locations],
    "wagtail.api.v2.views": [write_only_api_fields_v2],
    "wagtail.api.v3.schemas.generators.read": [type_streamfields],
    "wagtail.api.v3.schemas.generators.write": [type_stream_input],
    "wagtail.api.v3.routers.pages": [scheduled_pages],
    "wagtail.images.api.v3.router": [public_media],
    "wagtail.documents.api.v3.router": [public_media],
    "wagtail.api.v3.api": [documented_problems, ids_beyond_the_database],
    "wagtail.api.validators": [site_filter_ports],
    "wagtail.fields": [searchable_content_memo],
    "modelcluster.models": [cluster_rows_built_directly],
    "wagtail.models.pages": [serve_urls_reversed_once],
    "django.utils.text": [short_texts_untruncated],
    "django.templatetags.static": [static_urls_once],
    "django.core.files.storage.filesystem": [file_urls_once],
}


# -- running them after their module -------------------------------------------------


class _AdaptingLoader(importlib.abc.Loader):
    """Executes a module with its own loader, then the adaptations of it."""

    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _adapt(module)


class _AfterImport(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname not in ADAPTATIONS:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _AdaptingLoader(spec.loader)
        return spec


def _adapt(module):
    for adaptation in ADAPTATIONS.get(module.__name__, ()):
        adaptation(module)


def install():
    """Adapt the modules loaded already; adapt the others as they load."""
    if not any(isinstance(finder, _AfterImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AfterImport())
    for name in ADAPTATIONS:
        module = sys.modules.get(name)
        if module is not None:
            _adapt(module)


# -- the checks -----------------------------------------------------------------------


def _error(number, message):
    return checks.Error(
        message,
        hint="editorial.wagtail_adaptations.install() did not take effect: "
        "see that module.",
        id=f"editorial.E{number:03d}",
    )


@checks.register(checks.Tags.urls)
def check_adaptations(app_configs=None, **kwargs):
    """Each adaptation in place once the URLs (and so the API) are loaded."""
    from django.core.files.storage import FileSystemStorage
    from django.templatetags.static import StaticNode
    from django.urls import URLResolver, get_resolver
    from django.utils.text import Truncator

    from modelcluster.models import ClusterableModel
    from wagtail.api.conf import APIField
    from wagtail.api.v2.views import BaseAPIViewSet
    from wagtail.api.v3 import api as api_module
    from wagtail.api.v3.pagination import WagtailLimitOffsetPagination
    from wagtail.api.v3.routers import pages as pages_router
    from wagtail.api.v3.schemas.generators.read import read_generator
    from wagtail.api.v3.schemas.generators.write import (
        create_generator,
        patch_generator,
    )
    from wagtail.api.validators import SiteFilterValidator
    from wagtail.documents.api.v3 import router as documents_router
    from wagtail.fields import StreamField
    from wagtail.images.api.v3 import router as images_router
    from wagtail.images.models import AbstractImage, Filter
    from wagtail.models import Site
    from wagtail.models import pages as pages_module
    from wagtail.utils.forms import FormValidationError

    from ninja import Schema

    from editorial.block_schemas import streamfield_input_schema, streamfield_schema

    def load(resolver):
        # Every URL module, those a site includes lazily too (this site's
        # APIs, site_config.urls): loading them mounts the API.
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                load(pattern)

    load(get_resolver())
    api = api_module.api
    errors = []
    offset = WagtailLimitOffsetPagination.Input.model_fields["offset"]
    bounded = any(getattr(rule, "le", None) == MAX_OFFSET for rule in offset.metadata)
    if not bounded or not _pages_listing_offset_is_bounded(api):
        errors.append(_error(1, "Wagtail's API v3 offsets are unbounded."))
    if read_generator.field_schemas.get(StreamField) is not streamfield_schema or any(
        generator.field_schemas.get(StreamField) is not streamfield_input_schema
        for generator in (create_generator, patch_generator)
    ):
        errors.append(
            _error(2, "Wagtail's API v3 documents StreamFields without their blocks.")
        )
    if not (
        is_adapted(
            APIField.__dict__["get_fields_for_model"].__func__,
            "write_only_api_fields",
        )
        and is_adapted(
            BaseAPIViewSet.__dict__["_convert_api_fields"].__func__,
            "write_only_api_fields",
        )
    ):
        errors.append(_error(9, "Wagtail's APIs read the fields declared write-only."))
    if not is_adapted(
        FormValidationError.__dict__["get_form_errors_as_dict"].__func__,
        "block_error_locations",
    ):
        errors.append(
            _error(10, "API v3 reports a refused block on its whole StreamField.")
        )
    mounted = {prefix for prefix, _router in api._routers}
    if SNIPPETS_PREFIX in mounted and not snippets_have_api_fields():
        errors.append(
            _error(
                3, "Wagtail's API v3 serves snippet operations no request can satisfy."
            )
        )
    if not (
        is_adapted(images_router.get_images_queryset, "get_images_queryset")
        and is_adapted(
            documents_router.get_documents_queryset, "get_documents_queryset"
        )
    ):
        errors.append(
            _error(
                4,
                "Wagtail's API v3 serves images and documents of private collections.",
            )
        )
    if not is_adapted(pages_router.get_pages_queryset, "get_pages_queryset"):
        errors.append(
            _error(
                5, "Wagtail's API v3 serves pages off schedule to anonymous readers."
            )
        )
    if not is_adapted(api.get_openapi_schema, "documented_problems"):
        errors.append(
            _error(6, "Wagtail's API v3 document leaves out its problem answers.")
        )
    if OverflowError not in api._exception_handlers:
        errors.append(
            _error(13, "Wagtail's API v3 answers an id beyond 64 bits with a 500.")
        )
    if not is_adapted(Site.__dict__["_find_for_request"], "cached_site_lookup"):
        errors.append(_error(8, "Wagtail looks up the site with a query per request."))
    if not is_adapted(SiteFilterValidator.__dict__["query"].func, "site_filter_ports"):
        errors.append(
            _error(
                12, "Wagtail's API answers a site filter with a bad port with a 500."
            )
        )
    if not is_adapted(AbstractImage.get_rendition, "renditions_read_once"):
        errors.append(
            _error(11, "Wagtail writes renditions read from the cache back to it.")
        )
    if not is_adapted(Filter.__dict__["operations"].func, "filter_operations_once"):
        errors.append(
            _error(18, "Wagtail parses an image filter's spec for every filter made.")
        )
    if not is_adapted(StreamField.get_searchable_content, "searchable_content_memo"):
        errors.append(
            _error(
                14,
                "Bulk page creation computes each body's searchable content "
                "three times.",
            )
        )
    if not is_adapted(ClusterableModel.__init__, "cluster_rows_built_directly"):
        errors.append(
            _error(
                20,
                "modelcluster lists a model's child relations for every row read.",
            )
        )
    if not is_adapted(pages_module.reverse, "serve_urls_reversed_once"):
        errors.append(
            _error(22, "Wagtail reverses its serve URL in full for every page URL.")
        )
    if not is_adapted(Truncator.chars, "short_texts_untruncated"):
        errors.append(
            _error(25, "Django walks every character of a text shorter than its limit.")
        )
    if not (
        is_adapted(StaticNode.handle_simple, "static_urls_once")
        and is_adapted(FileSystemStorage.url, "file_urls_once")
    ):
        errors.append(
            _error(26, "Django works out each static and media file URL every time.")
        )
    if not Schema.model_config.get("defer_build"):
        errors.append(
            _error(15, "Every worker builds the validators of all API v3 schemas.")
        )
    errors += check_replaced_signatures()
    return errors


def _pages_listing_offset_is_bounded(api):
    """The bound where it matters: the pagination of the pages listing as
    Wagtail's router built it (bound as it was defined)."""
    for prefix, router in api._routers:
        if prefix != "/pages/":
            continue
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    for field in model.model_fields.values():
                        if "offset" in getattr(field.annotation, "model_fields", {}):
                            return is_adapted(field.annotation, "bound_offsets")
    return False


def check_replaced_signatures():
    return [
        checks.Error(
            f"Wagtail changed {name}{found} (Pressroom replaces {name}{expected}).",
            hint="Review the adaptation in editorial.wagtail_adaptations against "
            "this Wagtail version before upgrading.",
            id="editorial.E007",
        )
        for name, expected in REPLACED_SIGNATURES.items()
        if (found := _replaced.get(name)) is not None and found != expected
    ]
