from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PodcastsConfig(AppConfig):
    name = "podcasts"
    label = "podcasts"
    verbose_name = _("Podcasts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from editorial.listing_cache import bump_on
        from editorial.playable import playable_types
        from editorial.registry import content_types

        from .models import PodcastEpisodePage, PodcastSubscribeLink

        content_types.register(PodcastEpisodePage)
        # Other apps' pages play episodes through editorial's contract (an
        # article's audio version, the episode block).
        playable_types.register(PodcastEpisodePage)
        # Every player shows its show's subscribe links, kept for the
        # content generation (``PodcastEpisodePage.show_page``).
        bump_on(PodcastSubscribeLink)
