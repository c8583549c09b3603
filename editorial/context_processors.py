"""Template context every Pressroom template may rely on."""

from editorial.conf import get_setting


def pressroom(request):
    """The base template Pressroom's templates extend
    (``{% extends pressroom_base_template|default:"base.html" %}``): the host
    site names its own with ``PRESSROOM_BASE_TEMPLATE``."""
    return {"pressroom_base_template": get_setting("PRESSROOM_BASE_TEMPLATE")}
