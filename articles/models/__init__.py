"""Article models: the snippets articles point at (``snippets``), the index
and its filters (``index``), the article page (``article``) and its tags and
contributors (``article_parts``), and the API shapes of its fields
(``schemas``)."""

from .article import SPONSORSHIP_KINDS, ArticlePage
from .article_parts import ArticleContributor, ArticlePageTag
from .index import LISTING_ORDER, ArticleIndexPage
from .schemas import CategorySchema, PartnerSchema, SponsorshipSchema
from .snippets import Category, Partner

__all__ = [
    "LISTING_ORDER",
    "SPONSORSHIP_KINDS",
    "ArticleContributor",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTag",
    "Category",
    "CategorySchema",
    "Partner",
    "PartnerSchema",
    "SponsorshipSchema",
]
