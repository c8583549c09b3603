"""Each app ships its own French catalogue (<app>/locale/fr), complete and
compiled, holding the strings of that app: an app installed alone into
another Wagtail site brings its translations (README, Install into your
Wagtail site)."""

import ast
import gettext
import shutil
from pathlib import Path

from django.core.management import call_command

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "editorial",
    "articles",
    "glossary",
    "podcasts",
    "contacts",
    "leads",
    "newsletter",
    "site_config",
    "wordpress_import",
]
# What `make messages` leaves out of an app's catalogue.
IGNORED = ["demo"]


def catalogue(app):
    """The French catalogue of ``app`` (a name under the checkout, or a folder)."""
    return ROOT / app / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def po_entries(path):
    """The entries of a .po file (header and obsolete entries left out), each
    a dict: msgctxt, msgid, msgid_plural, msgstr ({index: text}), flags,
    references."""
    entries, entry, field = [], None, None

    def finish():
        if entry and entry.get("msgid"):
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and field is not None:
                finish()
                entry, field = None, None
            entry = entry or {"msgstr": {}, "flags": set(), "references": []}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                entry["references"].extend(line[2:].split())
            continue
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            text = ast.literal_eval(rest)
            if keyword in ("msgctxt", "msgid") and field and field.startswith("msgstr"):
                finish()
                entry = None
            entry = entry or {"msgstr": {}, "flags": set(), "references": []}
            field = keyword
        if field.startswith("msgstr"):
            index = int(field[7:-1]) if "[" in field else 0
            entry["msgstr"][index] = entry["msgstr"].get(index, "") + text
        else:
            entry[field] = entry.get(field, "") + text
    finish()
    return entries


def catalogue_key(entry):
    msgid = entry["msgid"]
    if "msgctxt" in entry:
        msgid = f"{entry['msgctxt']}\x04{msgid}"
    return msgid


@pytest.mark.parametrize("app", APPS)
def test_catalogue_is_complete(app):
    entries = po_entries(catalogue(app))
    assert entries, f"{app} has no French catalogue entries"
    untranslated = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e["flags"] or not all(e["msgstr"].values()) or not e["msgstr"]
    ]
    assert untranslated == []
    plurals = [e for e in entries if "msgid_plural" in e]
    assert all(set(e["msgstr"]) == {0, 1} for e in plurals)


@pytest.mark.parametrize("app", APPS)
def test_catalogue_is_compiled(app):
    """The .mo next to the .po says exactly what the .po says."""
    path = catalogue(app)
    with path.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    expected = {}
    for entry in po_entries(path):
        key = catalogue_key(entry)
        if "msgid_plural" in entry:
            for index, text in entry["msgstr"].items():
                expected[(key, index)] = text
        else:
            expected[key] = entry["msgstr"][0]
    compiled.pop("", None)  # the header
    assert compiled == expected


@pytest.mark.parametrize("app", APPS)
def test_catalogue_holds_only_its_app_strings(app):
    """Every entry is used by a file of the app itself (references are
    relative to the app's folder, as makemessages run there writes them)."""
    strays = [
        (entry["msgid"], reference)
        for entry in po_entries(catalogue(app))
        for reference in entry["references"]
        if not (ROOT / app / reference.rsplit(":", 1)[0]).is_file()
    ]
    assert strays == []


@pytest.mark.parametrize("app", APPS)
def test_catalogue_has_every_string_of_its_app(app, tmp_path, monkeypatch):
    """makemessages on a copy of the app finds no string the catalogue lacks."""
    copy = tmp_path / app
    shutil.copytree(
        ROOT / app,
        copy,
        ignore=shutil.ignore_patterns("locale", "__pycache__", *IGNORED),
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], ignore_patterns=IGNORED, verbosity=0)
    found = {catalogue_key(e) for e in po_entries(catalogue(copy))}
    assert found, f"makemessages found no string in {app}"
    shipped = {catalogue_key(e) for e in po_entries(catalogue(app))}
    assert sorted(found - shipped) == []


def compiled(mo_path):
    with open(mo_path, "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def others_french():
    """msgid → (app, French) in Django's and every other installed app's
    catalogue: Django merges the catalogues of INSTALLED_APPS, the first
    listed winning, so where one of these shares a plugin msgid, a host that
    lists Wagtail's apps first shows their French, not ours."""
    from django.apps import apps
    from django.conf import locale

    found = {}
    folders = [("django", Path(locale.__file__).parent)]
    folders += [
        (config.name, Path(config.path) / "locale")
        for config in apps.get_app_configs()
        if config.name.split(".")[0] not in APPS
    ]
    for name, folder in folders:
        mo_path = folder / "fr" / "LC_MESSAGES" / "django.mo"
        if mo_path.exists():
            for msgid, text in compiled(mo_path).items():
                if isinstance(msgid, str) and msgid:
                    found.setdefault(msgid, (name, text))
    return found


def same_words(first, second):
    """Equal but for capitals and typography (’ or ', … or ...)."""

    def plain(text):
        return text.replace("’", "'").replace("…", "...").casefold()

    return plain(first) == plain(second)


@pytest.mark.parametrize("app", [app for app in APPS if app != "site_config"])
def test_plugin_strings_shared_with_other_apps_translate_alike(app):
    """A plugin msgid that Django, Wagtail or another library also
    translates says the same there, or carries a context (pgettext) of its
    own: otherwise its French depends on the host's INSTALLED_APPS order."""
    others = others_french()
    mo_path = catalogue(app).with_suffix(".mo")
    differing = [
        f"{msgid!r}: ours {text!r}, {others[msgid][0]} {others[msgid][1]!r}"
        for msgid, text in compiled(mo_path).items()
        if isinstance(msgid, str)
        and msgid in others
        and not same_words(text, others[msgid][1])
    ]
    assert differing == []
