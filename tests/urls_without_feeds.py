"""A URLconf that mounts Wagtail's pages only (no article feeds)."""

from django.urls import include, path

from wagtail import urls as wagtail_urls

urlpatterns = [path("", include(wagtail_urls))]
