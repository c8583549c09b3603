"""The article index: the newest articles first, filtered by category, tag
or contributor, and each contributor's page."""

import re

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from articles.collation import sort_key
from editorial import listing_cache
from editorial.conf import get_setting
from editorial.content import Visibility
from editorial.models import Person
from editorial.pagination import paginate
from editorial.preview import HeadlessPreviewMixin
from editorial.routing import SpecificChildRouteMixin

from .article import ArticlePage
from .article_parts import ArticleContributor, ArticlePageTag
from .snippets import Category

SLUG_RE = re.compile(r"[-a-zA-Z0-9_]{1,200}")

# Newest first: the order of every article listing, served by the
# publication-date index (and the key of their keyset pagination).
LISTING_ORDER = ["-publication_date", "-pk"]


class ArticleIndexPage(
    HeadlessPreviewMixin, RoutablePageMixin, SpecificChildRouteMixin, Page
):
    """The list of all articles, newest first, paginated."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Shown above the list of articles."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro", writable=True)]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = _("article index")
        verbose_name_plural = _("article indexes")

    def visible_articles(self, request):
        # The reader rule and "child of the index" in a subquery: the newest
        # page is read from the publication-date index, not sorted.
        children = Q(path__startswith=self.path, depth=self.depth + 1)
        return (
            Visibility.for_request(request)
            .indexed_pages(ArticlePage, children)
            .defer_streamfields()
            .select_related("hero_image", "category")
            .prefetch_related("hero_image__renditions")
            .order_by(*LISTING_ORDER)
        )

    def get_filters(self, request):
        """The active filters of ``?category=&tag=&contributor=`` as objects;
        a slug that no visible article of the index carries is a 404, as an
        unknown one is (``/tags/<slug>/`` answers the same)."""
        filters = {}
        lookups = {
            "category": "categories",
            "tag": "tags",
            "contributor": "contributors",
        }
        choices = None
        for name, choice in lookups.items():
            slug = request.GET.get(name, "").strip()
            if not slug:
                continue
            # Slugs are ASCII (taggit strips accents): anything else is unknown,
            # and never reaches the database (PostgreSQL refuses NUL bytes).
            if not SLUG_RE.fullmatch(slug):
                raise Http404(_("Unknown filter value."))
            if choices is None:
                choices = self.filter_choices(request)
            match = [obj for obj in choices[choice] if obj.slug == slug]
            if not match and name == "tag":
                # The choices hold the most used tags only: any other tag
                # of a visible article is a valid filter too.
                match = self.tag_of_visible_article(request, slug)
            if not match:
                raise Http404(_("Unknown filter value."))
            filters[name] = match[0]
        return filters

    def tag_of_visible_article(self, request, slug):
        """``[tag]`` when a visible article of the index carries the tag of
        ``slug``, else ``[]``. The answer for an existing tag is cached like
        the choices; a slug no tag has is looked up each time (by its unique
        index) so that made-up slugs cannot fill the cache."""
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            return []
        visibility = Visibility.for_request(request)
        site = visibility.site.pk if visibility.site else None

        def compute():
            children = visibility.pages(ArticlePage).child_of(self)
            carried = ArticlePageTag.objects.filter(
                tag=tag, content_object__in=children.values("pk")
            ).exists()
            return [tag] if carried else []

        return listing_cache.cached(("article-tag", self.pk, site, tag.pk), compute)

    def filter_articles(self, articles, filters):
        if "category" in filters:
            articles = articles.filter(category=filters["category"])
        if "tag" in filters:
            articles = articles.filter(
                pk__in=ArticlePageTag.objects.filter(tag=filters["tag"]).values(
                    "content_object_id"
                )
            )
        if "contributor" in filters:
            articles = articles.filter(
                pk__in=ArticleContributor.objects.filter(
                    person=filters["contributor"]
                ).values("page_id")
            )
        return articles

    def choice_querysets(self, request):
        """Categories, tags and contributors that the articles of this index
        readers may see carry (never a value only hidden articles carry)."""
        children = Visibility.for_request(request).pages(ArticlePage).child_of(self)
        most_used = (
            ArticlePageTag.objects.filter(content_object__in=children.values("pk"))
            .values("tag_id")
            .annotate(uses=Count("pk"))
            .order_by("-uses", "tag_id")
            .values("tag_id")[: get_setting("PRESSROOM_FILTER_TAG_COUNT")]
        )
        return {
            "categories": Category.objects.filter(
                pk__in=children.values("category_id")
            ),
            # The most used only (PRESSROOM_FILTER_TAG_COUNT): see get_filters.
            "tags": Tag.objects.filter(
                pk__in=list(most_used.values_list("tag_id", flat=True))
            ),
            "contributors": Person.objects.filter(
                pk__in=ArticleContributor.objects.filter(
                    page__in=children.values("pk")
                ).values("person_id")
            ).only("name", "slug"),
        }

    def filter_choices(self, request):
        """The choices of each filter, alphabetical for French readers (accents
        and case ignored); of tags, the most used. They scan every article of
        the index, so they are cached until something readers see changes
        (``listing_cache``)."""
        if not hasattr(request, "_pressroom_article_choices"):
            visibility = Visibility.for_request(request)

            def compute():
                return {
                    name: sorted(queryset, key=lambda obj: sort_key(obj.name))
                    for name, queryset in self.choice_querysets(request).items()
                }

            site = visibility.site.pk if visibility.site else None
            request._pressroom_article_choices = listing_cache.cached(
                ("article-choices", self.pk, site), compute
            )
        return request._pressroom_article_choices

    def count_articles(self, request, articles, filters):
        """The number of visible articles matching ``filters`` (cached like the
        choices: counting scans them all)."""
        visibility = Visibility.for_request(request)
        site = visibility.site.pk if visibility.site else None
        key = [f"{name}={obj.pk}" for name, obj in sorted(filters.items())]
        return listing_cache.cached(
            ("article-count", self.pk, site, *key), articles.order_by().count
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.get_filters(request)
        articles = self.filter_articles(self.visible_articles(request), filters)
        context["filters"] = filters
        choices = self.filter_choices(request)
        if "tag" in filters and filters["tag"] not in choices["tags"]:
            # A less used tag reached from a tag page stays selected.
            choices = {
                **choices,
                "tags": sorted(
                    [*choices["tags"], filters["tag"]],
                    key=lambda tag: sort_key(tag.name),
                ),
            }
        context["filter_choices"] = choices
        context["articles"] = paginate(
            request,
            articles,
            count=self.count_articles(request, articles, filters),
            keyset=LISTING_ORDER,
        )
        return context

    def get_sitemap_urls(self, request=None):
        """The index, then the page of each contributor with a visible article."""
        urls = super().get_sitemap_urls(request)
        if not urls or request is None:
            return urls
        visible = self.visible_articles(request).values("pk")
        people = (
            Person.objects.filter(article_credits__page__in=visible)
            .distinct()
            .order_by("slug")
            .values_list("slug", flat=True)
        )
        base = urls[0]["location"]
        return urls + [
            {"location": base + self.reverse_subpage("contributor", args=[slug])}
            for slug in people
        ]

    @path("contributors/<slug:slug>/", name="contributor")
    def contributor_route(self, request, slug):
        """A contributor's page: who they are and their articles, newest first."""
        person = get_object_or_404(
            Person.objects.select_related("photo").prefetch_related("links"),
            slug=slug,
        )
        articles = self.filter_articles(
            self.visible_articles(request), {"contributor": person}
        )
        page_obj = paginate(request, articles, keyset=LISTING_ORDER)
        if not page_obj.object_list and page_obj.number == 1:
            raise Http404(_("This person has no published article."))
        return self.render(
            request,
            context_overrides={
                "person": person,
                "articles": page_obj,
                "canonical_path": self.reverse_subpage("contributor", args=[slug]),
            },
            template="articles/contributor_page.html",
        )
