"""The content pages' mixins (``EditorialPageMixin``, ``PlayableVersionMixin``)
and the links editors add to a page: see-also items and playable versions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page

import swapper

from editorial.api_fields import (
    ContributorSchema,
    SeeAlsoField,
    TagSchema,
    WriteOnlyAPIField,
    serialize_tags,
    typed_field,
    writable,
    write_only,
)
from editorial.panels import (
    ContentPageChooserPanel,
    ParagraphFilterOptionPanel,
    PlayablePageChooserPanel,
    PlayableVersionsPanel,
    WordedInlinePanel,
)
from editorial.playable import playable_types
from editorial.registry import content_types
from editorial.structured_data import StructuredDataMixin

PAGE_MODEL = swapper.get_model_name("wagtailcore", "Page")


class EditorialPageMixin(StructuredDataMixin, models.Model):
    """What every Pressroom content page shares: a publication date, tags on the
    shared vocabulary and a "See also" panel.

    Concrete pages add ``tags = ClusterTaggableManager(through=<their own
    TaggedItemBase>)`` and register themselves with ``editorial.registry``.
    """

    publication_date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        db_index=True,
        help_text=_("The date shown to readers; listings are ordered by it."),
    )

    auto_link_terms = models.BooleanField(
        _("link terms automatically"),
        default=True,
        help_text=_(
            "Where the site links terms automatically (glossary), untick to "
            "keep this page out of it. Terms editors linked stay linked."
        ),
    )

    metadata_panels = [
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                # The publication's word for tags is "mots-clés", taggit's
                # French says "étiquettes": the help text is ours.
                FieldPanel(
                    "tags",
                    help_text=_(
                        "Keywords shared by articles, glossary entries and "
                        "episodes, separated by commas."
                    ),
                ),
                # Shown when an installed app links terms (the glossary).
                ParagraphFilterOptionPanel("auto_link_terms"),
            ],
            heading=_("Date and tags"),
        )
    ]
    see_also_panels = [
        WordedInlinePanel(
            "see_also_items",
            heading=_("See also"),
            label=_("link"),
            add_label=pgettext_lazy("inline panel", "Add a link"),
            help_text=_(
                "Pick related articles, glossary entries or episodes, in the order "
                "readers should see them. Free places are filled automatically by "
                "shared tags, then by recent content."
            ),
        )
    ]
    api_fields = [
        APIField("publication_date", writable=True),
        APIField("tags", serializer=typed_field(list[TagSchema], serialize_tags)),
        # Written as a list of names (read as ``{name, slug}`` above).
        WriteOnlyAPIField("tags"),
        # The editors' picks (read as the resolved panel ``see_also``).
        *write_only("see_also_items", "auto_link_terms"),
        APIField(
            "contributors",
            serializer=typed_field(list[ContributorSchema], source="contributor_list"),
        ),
        APIField("see_also", serializer=SeeAlsoField()),
    ]

    class Meta:
        abstract = True

    # Whether publishing a page of this type may change any page of the site
    # (then it purges the whole page cache: editorial.page_cache_signals).
    page_cache_purge_all = False

    # How the page shows inside another page (a block choosing it, an article's
    # audio version): a card by default; a type may offer more (a player).
    embed_template = "editorial/includes/content_embed.html"

    # The relation from the page to the ``Person``s credited on it (e.g.
    # "contributors__person"), for the API's contributor filter; None: no
    # people are credited on this type.
    api_person_lookup = None

    @property
    def contributor_list(self):
        """The people credited on the page, in ``ContributorSchema``'s shape;
        types that credit people override it."""
        return []

    @property
    def teaser(self):
        """Short text shown in listings and cards; each page type refines it."""
        return self.search_description

    @property
    def type_label(self):
        return self._meta.verbose_name

    # Relations the page's API fields read, loaded for a whole API listing in
    # one query each (``prepare_api_listing``); types add their own.
    api_listing_prefetch = ("tags", "locale")
    # What a page shown inside another page's API output reads (an episode's
    # audio file in an article's audio version).
    api_embed_prefetch = ()

    def get_view_restrictions(self):
        """Wagtail's restrictions of this page and its ancestors (two queries
        on every page served), or none at once while no page of any site is
        restricted (the restricted paths are kept once per content
        generation, which adding or removing a restriction renews)."""
        from editorial.content import restricted_paths

        if not restricted_paths():
            from wagtail.models import PageViewRestriction

            restrictions = PageViewRestriction.objects.none()
            # Known empty: Wagtail's serve hook iterates it without compiling
            # a query that could not run anyway (a filtered clone is still
            # empty, from ``none()``).
            restrictions._result_cache = []
            return restrictions
        return super().get_view_restrictions()

    @cached_property
    def loaded_tags(self):
        """The page's tags as a list, read once per render (the page's head,
        structured data and footer and the see-also panel's shared-tags fill
        all read them); ``tags`` stays the taggit manager editors fill."""
        tags = _stored_tags(self)
        if tags is None:
            tags = self.tags.all()
        if isinstance(tags, models.QuerySet) and tags._result_cache is None:
            # The stored tags, by a query compiled once per page type.
            tags._result_cache = _tags_query(type(self)).run(pk=self.pk)
        result = list(tags)
        if isinstance(tags, models.QuerySet):
            # Read from the database (not a draft's tags kept in memory): the
            # next ``self.tags.all()`` answers from this result, no query.
            self.__dict__.setdefault("_prefetched_objects_cache", {})["tags"] = tags
        return result

    @cached_property
    def reader_visibility(self):
        """What readers of the page's own site may see (``None`` outside any
        site); an API listing fills it in once for all its pages."""
        from editorial.content import Visibility

        site = self.get_site()
        return Visibility(site) if site is not None else None

    @classmethod
    def prepare_api_listing(cls, pages, request=None):
        """Load what the API fields of ``pages`` (all of this type, their
        ``reader_visibility`` set) read, so that serialising a listing costs
        a fixed number of queries whatever its length. Types that read more
        extend it."""
        from django.db.models import prefetch_related_objects

        from wagtail.fields import RichTextField, StreamField

        from editorial.rich_text import preload_links, raw_strings

        prefetch_related_objects(pages, *cls.api_listing_prefetch)
        # The objects the rich text of all the pages links to (read from the
        # stored values: no block is loaded for this).
        sources = []
        for field in cls._meta.concrete_fields:
            if not isinstance(field, RichTextField | StreamField):
                continue
            for page in pages:
                if field.attname in page.get_deferred_fields():
                    continue  # not asked for (reading it would cost a query)
                value = getattr(page, field.attname)
                if isinstance(field, StreamField):
                    sources += raw_strings(list(value.raw_data))
                elif value:
                    sources.append(value)
        preload_links(sources)

    @staticmethod
    def visible_targets(pages, target_ids, model):
        """For an API listing: ``[(page, {id: target})]``, the ``model`` pages
        among ``target_ids(page)`` that readers of each page's site may see,
        loaded in one query per site for all the pages."""
        by_visibility = {}
        for page in pages:
            by_visibility.setdefault(id(page.reader_visibility), []).append(page)
        result = []
        for group in by_visibility.values():
            visibility = group[0].reader_visibility
            ids = {pk for page in group for pk in target_ids(page)}
            visible = (
                visibility.pages(model).filter(pk__in=ids).in_bulk()
                if visibility is not None and ids
                else {}
            )
            result += [(page, visible) for page in group]
        return result

    @cached_property
    def see_also(self):
        """The resolved see-also items as plain data (used by both APIs)."""
        from editorial.see_also import resolve_see_also

        visibility = self.reader_visibility
        if visibility is None:
            return []
        return [item.data() for item in resolve_see_also(self, visibility)]


class SeeAlsoItem(Orderable):
    """One editor-picked "See also" link from a content page to another one."""

    page = ParentalKey(
        PAGE_MODEL, on_delete=models.CASCADE, related_name="see_also_items"
    )
    target = models.ForeignKey(
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
        help_text=_("An article, a glossary entry or a podcast episode."),
    )
    label = models.CharField(
        _("label"),
        max_length=255,
        blank=True,
        help_text=_("Optional. Shown instead of the page's title."),
    )

    panels = [ContentPageChooserPanel("target"), FieldPanel("label")]
    # Written through the page's ``see_also_items`` (API v3).
    api_fields = writable("target", "label")

    class Meta(Orderable.Meta):
        verbose_name = _("see-also link")
        verbose_name_plural = _("see-also links")

    def __str__(self):
        return self.label or str(self.target)

    def clean(self):
        super().clean()
        if not self.target_id:
            return
        if self.page_id and self.target_id == self.page_id:
            raise ValidationError(
                {"target": _("A page cannot be its own see-also link.")}
            )
        target_model = self.target.specific_class
        if target_model is None or not content_types.is_registered(target_model):
            raise ValidationError(
                {
                    "target": _(
                        "Choose an article, a glossary entry or a podcast episode."
                    )
                }
            )


class PlayableVersion(Orderable):
    """A recording that is a version of a page: the podcast episode reading an
    article aloud. The one place the link is stored: the page shows its first
    version readers may see, the recording lists the pages it is a version of.
    The recording is a page of a type an installed app registered with
    ``editorial.playable``."""

    page = ParentalKey(
        PAGE_MODEL, on_delete=models.CASCADE, related_name="playable_versions"
    )
    playable = models.ForeignKey(
        PAGE_MODEL,
        on_delete=models.CASCADE,
        related_name="playable_version_of",
        verbose_name=_("recording"),
        help_text=_("A podcast episode (or other recording) of this page."),
    )

    panels = [PlayablePageChooserPanel("playable")]
    # Written through the page's ``playable_versions`` (API v3).
    api_fields = writable("playable")

    class Meta(Orderable.Meta):
        verbose_name = _("playable version")
        verbose_name_plural = _("playable versions")

    def __str__(self):
        return str(self.playable)

    def clean(self):
        super().clean()
        if not self.playable_id:
            return
        if self.page_id and self.playable_id == self.page_id:
            raise ValidationError(
                {"playable": _("A page cannot be its own recording.")}
            )
        if not playable_types.is_registered(self.playable.specific_class):
            raise ValidationError(
                {"playable": _("Choose a podcast episode or other recording.")}
            )


_TAGS_QUERIES = {}


def _stored_tags(page):
    """``page.tags.all()`` of a stored page whose tags are not held in memory
    (no draft's, none prefetched), as taggit builds it for a
    ``TaggedItemBase`` but with its filter deferred (as Django's related
    managers defer theirs) until a query needs it: building the filter's
    joins cost more than reading the tags by the compiled query. None
    otherwise (``page.tags.all()`` then)."""
    from taggit.models import ItemBase

    if page.pk is None or "tags" in page.__dict__.get("_prefetched_objects_cache", {}):
        return None
    manager = page.tags
    through = manager.through
    if through.tags_for.__func__ is not ItemBase.tags_for.__func__:
        return None
    if manager.get_tagged_item_manager().is_deferring:
        return None  # a draft's tags, in memory
    tags = through.tag_model().objects.order_by(*manager.ordering)
    tags._defer_next_filter = True
    return tags.filter(**{f"{through.tag_relname()}__content_object": page})


def _tags_query(model):
    """``page.tags.all()`` of a stored page of ``model``, compiled once
    (``editorial.prepared``; the page id while it compiles is one no page
    has)."""
    if model not in _TAGS_QUERIES:
        from editorial.prepared import PreparedQuery

        _TAGS_QUERIES[model] = PreparedQuery(
            lambda pk: model(pk=pk).tags.all(), pk=2_000_000_023
        )
    return _TAGS_QUERIES[model]


def _playable_version_query():
    """The first playable version of a page, as ``load_first_specific_page``
    reads it, compiled once per process (``editorial.prepared``)."""
    global _PLAYABLE_VERSION_QUERY
    if _PLAYABLE_VERSION_QUERY is None:
        from editorial.content import FirstSpecificPageQuery

        _PLAYABLE_VERSION_QUERY = FirstSpecificPageQuery(
            lambda page: Page.objects.filter(playable_version_of__page=page).order_by(
                "playable_version_of__sort_order"
            ),
            embed=True,
            models=playable_types.models,
            # A page id no page has, while the query compiles.
            page=2_000_000_017,
        )
    return _PLAYABLE_VERSION_QUERY


_PLAYABLE_VERSION_QUERY = None


class PlayableVersionMixin:
    """What a page shows of its playable versions (``PlayableVersion``): the
    first one readers may see, as a player (``{% content_embed %}``) and, for
    the APIs, as ``PlayableSchema`` data. Pages compose it with
    ``playable_version_panels`` in their panels."""

    playable_version_panels = [
        PlayableVersionsPanel(
            "playable_versions",
            heading=_("Audio version"),
            label=_("recording"),
            add_label=pgettext_lazy("inline panel", "Add a recording"),
            max_num=1,
            help_text=_("The podcast episode that is the audio version of the page."),
        )
    ]

    @cached_property
    def playable_version_page(self):
        """The first playable version as its specific type, whatever its
        visibility (an API listing loads them for all its pages at once)."""
        from editorial.content import load_specific_page

        if not playable_types.models():
            return None  # no app provides playable content: nothing to read
        manager = self.playable_versions
        # Where ``all()`` would give a queryset (a stored page whose links are
        # not held in memory), without building it.
        if self.pk is not None and not manager.is_deferring:
            # Stored links: the page, its type and what its player reads
            # (the audio) in one query.
            # Only the playable types are joined: a version is one of them
            # (``visible_playable_version`` shows nothing else).
            return _playable_version_query().first(page=self.pk)
        # A preview's draft: the links held in memory.
        link = next(iter(manager.all()), None)
        if link is None or not link.playable_id:
            return None
        return load_specific_page(link.playable_id, embed=True)

    def visible_playable_version(self, visibility):
        """The first playable version (specific instance), if readers may see it."""
        page = self.playable_version_page
        if page is None or visibility is None or not visibility.allows(page):
            return None
        if not playable_types.is_registered(type(page)):
            return None
        return page

    @classmethod
    def prepare_playable_versions(cls, pages):
        """Load the playable versions of ``pages`` for a listing: one query for
        the links, one for the pages, one per type and relation its embed reads."""
        if not playable_types.models():
            for page in pages:
                page.__dict__["playable_version_page"] = None
            return
        first = {}
        for link in PlayableVersion.objects.filter(
            page__in=[page.pk for page in pages]
        ).order_by("sort_order", "pk"):
            first.setdefault(link.page_id, link.playable_id)
        ids = set(first.values())
        found = Page.objects.filter(pk__in=ids).specific().in_bulk() if ids else {}
        by_class = {}
        for playable in found.values():
            by_class.setdefault(type(playable), []).append(playable)
        for model, group in by_class.items():
            models.prefetch_related_objects(
                group, *getattr(model, "api_embed_prefetch", ())
            )
        for page in pages:
            page.__dict__["playable_version_page"] = found.get(first.get(page.pk))

    @property
    def audio_version(self):
        """The playable version readers may see, as data (API field)."""
        from editorial.playable import embed_data

        return embed_data(self.visible_playable_version(self.reader_visibility))
