"""Strings of the libraries Pressroom builds on, worded the publication's way.

The French catalogue of ``editorial`` translates them, and an app listed
before ``taggit`` in ``INSTALLED_APPS`` has its translations win: taggit's
"Étiquettes" becomes "Mots-clés", the one word the admin and the public site
use for tags. ``gettext_noop`` keeps them in the catalogue for makemessages.
"""

from django.utils.translation import gettext_noop

LIBRARY_STRINGS = [
    gettext_noop("Tags"),
    gettext_noop("tag"),
    gettext_noop("A comma-separated list of tags."),
    gettext_noop("Please provide a comma-separated list of tags."),
]
