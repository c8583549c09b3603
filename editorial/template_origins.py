"""Whether template names resolve to a package's own files or to a site's
overrides.

Pressroom prints the markup of some of its templates from Python (the aside,
the podcast player) and skips Wagtail's rich-text template, which prints its
value unchanged, but only while those templates are the package's own: a
site that overrides one (a template of the same name found first by its
loaders) gets its template rendered.
"""

import functools
import importlib
import os


@functools.cache
def _templates_folder(package):
    module = importlib.import_module(package)
    return os.path.join(
        os.path.dirname(os.path.abspath(module.__file__)), "templates", ""
    )


def templates_are_packages_own(package, names, engine=None):
    """True while every template of ``names`` resolves to the ``templates/``
    folder of ``package`` (e.g. ``"editorial"``, ``"wagtail"``), by
    ``engine``'s loaders or, without one, by Django's ``get_template``."""
    if engine is None:
        from django.template.loader import get_template
    else:
        get_template = engine.get_template
    folder = _templates_folder(package)
    return all(get_template(name).origin.name.startswith(folder) for name in names)
