"""The rich-text features of Pressroom's long-form fields, and the features
installed apps contribute to them.

Editorial lists the base features (``PRESSROOM_RICH_TEXT_FEATURES``); an app
offering an inline feature of its own (the glossary's term) registers its name
from its ``AppConfig.ready()`` with ``register_rich_text_feature``, after
registering the feature itself with Wagtail's ``register_rich_text_features``
hook. Editorial never names such an app.

``LONG_FORM_FEATURES`` is a list updated in place when an app contributes a
feature or the setting changes, so fields and blocks declared before the apps
are ready offer the features of the apps installed. It deconstructs to itself: migrations of a ``RichTextBlock`` using it stay the
same whatever apps a site installs (a plain list would write the features of
the site that ran ``makemigrations`` into them).
"""

import weakref

from django.core.signals import setting_changed

from editorial.conf import get_setting

_contributed = []
# Every list of long-form features, refreshed in place when an app
# contributes a feature or the setting changes (fields and blocks hold them).
_lists = weakref.WeakSet()


def register_rich_text_feature(name):
    """Offer the Wagtail rich-text feature ``name`` in every long-form field."""
    if name not in _contributed:
        _contributed.append(name)
        _refresh_all()
    return name


def contributed_features():
    return list(_contributed)


def long_form_feature_names():
    base = list(get_setting("PRESSROOM_RICH_TEXT_FEATURES"))
    return base + [name for name in _contributed if name not in base]


class LongFormFeatures(list):
    """The setting's features, then those installed apps contributed: a real
    list (Wagtail and its API schemas read it as one), kept up to date in
    place, that deconstructs to itself."""

    def __init__(self):
        super().__init__(long_form_feature_names())
        _lists.add(self)

    __hash__ = object.__hash__  # WeakSet membership, by identity

    def refresh(self):
        self[:] = long_form_feature_names()

    def deconstruct(self):
        return ("editorial.rich_text_features.LongFormFeatures", (), {})


def _refresh_all(**kwargs):
    if kwargs.get("setting", "PRESSROOM_RICH_TEXT_FEATURES") != (
        "PRESSROOM_RICH_TEXT_FEATURES"
    ):
        return
    for features in list(_lists):
        features.refresh()


setting_changed.connect(_refresh_all, dispatch_uid="pressroom_long_form_features")

LONG_FORM_FEATURES = LongFormFeatures()
