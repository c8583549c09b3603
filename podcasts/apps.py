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
        # PowerPress enclosures of imported posts (wordpress_import) become
        # episodes.
        from editorial.importing import import_adapters

        from .importing import PodcastEpisodeAdapter

        import_adapters.register(PodcastEpisodeAdapter())
        # Every player shows its show's subscribe links, kept for the
        # content generation (``PodcastEpisodePage.show_page``).
        bump_on(PodcastSubscribeLink)
        self._connect_audience_signals(PodcastEpisodePage)

    def _connect_audience_signals(self, episode_model):
        from django.db.models.signals import post_delete

        from wagtail.signals import page_published, page_unpublished

        from .audience.views import forget_episode

        # The counting endpoint keeps what it serves for a minute: an episode
        # unpublished or replaced is forgotten at once.
        def forget(sender, instance, **kwargs):
            forget_episode(instance.pk)

        for signal in (page_published, page_unpublished, post_delete):
            # weak=False: the receiver is local to this method.
            signal.connect(
                forget,
                sender=episode_model,
                weak=False,
                dispatch_uid=f"pressroom-audience-{id(signal)}",
            )
