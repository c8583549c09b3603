from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    label = "articles"
    verbose_name = _("Articles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from editorial.listing_cache import bump_on
        from editorial.registry import content_types

        from .models import ArticlePage, Category

        content_types.register(ArticlePage)
        # Partners and categories can be created through API v3.
        from editorial.writable_models import writable_models

        from .models import Partner

        writable_models.register(Partner, "partners")
        writable_models.register(Category, "categories")
        # Imported posts (wordpress_import) become articles.
        from editorial.importing import import_adapters

        from .importing import ArticleAdapter

        import_adapters.register(ArticleAdapter())
        # The index's cached filter choices show category names.
        bump_on(Category)
