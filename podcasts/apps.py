from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PodcastsConfig(AppConfig):
    name = "podcasts"
    label = "podcasts"
    verbose_name = _("Podcasts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from editorial.registry import content_types

        from .models import PodcastEpisodePage

        content_types.register(PodcastEpisodePage)
