"""Imported posts become articles (``editorial.importing``'s "post" kind)."""

from django.utils.text import slugify
from django.utils.translation import gettext as _

from wagtail.blocks import StreamValue

from editorial.importing import ImportAdapter, stream_data

from .blocks import ArticleBodyBlock
from .models import ArticleContributor, ArticleIndexPage, ArticlePage, Category

BODY_BLOCK = ArticleBodyBlock()


class ArticleAdapter(ImportAdapter):
    """A post: an article under the site's (first) article index, created
    when the site has none."""

    kind = "post"
    model = ArticlePage

    def get_parent(self, site_root, item):
        return self.first_or_new_index(
            site_root,
            ArticleIndexPage,
            lambda: ArticleIndexPage(title=_("Articles"), slug="articles"),
        )

    def fill(self, page, item):
        page.title = item.title[:255]
        if item.slug:
            page.slug = item.slug[:255]
        page.standfirst = item.excerpt[:600]
        if item.published_at:
            page.publication_date = item.published_at.date()
            page.first_published_at = item.published_at
        if item.modified_at:
            page.last_published_at = item.modified_at
            if item.published_at and item.modified_at.date() > item.published_at.date():
                page.updated_date = item.modified_at.date()
        page.hero_image_id = item.featured_image_id
        page.category = (
            self._category(item.categories[0], item.cache) if item.categories else None
        )
        page.body = StreamValue(
            BODY_BLOCK, stream_data(BODY_BLOCK, item.body), is_lazy=True
        )
        page.tags.set(item.tags)
        page.contributors = [
            ArticleContributor(person=person, sort_order=position)
            for position, person in enumerate(item.authors)
        ]
        return page

    @staticmethod
    def _category(pair, cache):
        slug, name = pair
        slug = slugify(slug or name)[:100] or "category"
        key = ("articles.Category", slug)
        if key not in cache:
            cache[key] = ArticleAdapter._find_category(slug, name)
        return cache[key]

    @staticmethod
    def _find_category(slug, name):
        category = Category.objects.filter(slug=slug).first()
        if category is None:
            category = Category.objects.filter(name=name[:100]).first()
        if category is None:
            category = Category.objects.create(slug=slug, name=name[:100] or slug)
        return category
