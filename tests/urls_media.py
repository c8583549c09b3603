"""The site's URLs with media served by Django (as under DEBUG / PRESSROOM_SERVE_MEDIA)."""

from site_config.media import media_urlpatterns
from site_config.urls import urlpatterns as site_urlpatterns

urlpatterns = media_urlpatterns() + site_urlpatterns
