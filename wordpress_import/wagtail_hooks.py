"""Admin wiring: the WordPress import under Settings."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .views import PERMISSION


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("wordpress-import/", include(urls, namespace="wordpress_import"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return ImportMenuItem(
        _("WordPress import"),
        reverse("wordpress_import:index"),
        icon_name="download",
        order=900,
    )
