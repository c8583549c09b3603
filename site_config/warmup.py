"""What a web worker would otherwise build on its first requests, built once
in gunicorn's master before it forks the workers (``preload_app``), so that
every worker shares it copy-on-write instead of holding its own copy.

``warm_up()`` loads the URL configuration, every included one too (both
APIs and their schemas, the largest part, which ``site_config.urls`` otherwise
builds on a worker's first API request), builds the validators of the API v3
schemas (``editorial.wagtail_adaptations.deferred_schemas`` leaves them to
their first use) and compiles the templates readers' pages use; it touches
neither the database nor the cache, and closes any connection it opened so
that no socket is shared with the workers. ``freeze_for_fork()`` then moves
every object the master holds into the garbage collector's permanent
generation (``gc.freeze()``, as the Python documentation recommends before
forking): a collection in a worker would otherwise write to the header of
each of those objects and so copy every page they sit on.
"""

import gc
import logging

logger = logging.getLogger(__name__)

# The templates of reader-facing pages and the components each one includes
# (template names that do not exist are skipped).
READER_TEMPLATES = (
    "base.html",
    "site_config/home_page.html",
    "site_config/search.html",
    "editorial/content_page.html",
    "editorial/tag_index.html",
    "editorial/tag_detail.html",
    "editorial/includes/see_also.html",
    "editorial/includes/recent_posts.html",
    "editorial/includes/aside.html",
    "editorial/includes/content_item.html",
    "editorial/includes/content_embed.html",
    "editorial/includes/tag_links.html",
    "editorial/includes/pagination.html",
    "articles/article_page.html",
    "articles/article_index_page.html",
    "glossary/glossary_entry_page.html",
    "glossary/glossary_index_page.html",
    "glossary/includes/entry_card.html",
    "podcasts/podcast_show_page.html",
    "podcasts/podcast_episode_page.html",
    "podcasts/includes/player.html",
    "podcasts/includes/embed.html",
    "site_config/includes/main_menu.html",
    "site_config/includes/breadcrumbs.html",
)


def warm_up():
    from django.core.cache import close_caches
    from django.db import connections
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template
    from django.urls import URLResolver, get_resolver

    from editorial.wagtail_adaptations import build_deferred_schemas

    def load(resolver):
        # Every URL module and API, the lazily included ones too, and the
        # reverse lookups of each.
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                load(pattern)
        resolver.reverse_dict  # noqa: B018

    load(get_resolver())
    build_deferred_schemas()
    for name in READER_TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            logger.warning("warm_up: no template %s", name)
    # Whatever the imports opened is not shared with the forked workers.
    connections.close_all()
    close_caches()


def freeze_for_fork():
    gc.collect()
    gc.freeze()
