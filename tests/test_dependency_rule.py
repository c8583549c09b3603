"""site_config -> {articles, glossary, podcasts, leads} -> editorial -> wagtail/taggit.

Feature apps: ``contacts`` depends on editorial only, ``leads`` and
``newsletter`` on editorial and contacts; no content app names either, nor do they name a content app.

No content app imports another or names another's models (a model-label
string such as ``"podcasts.PodcastEpisodePage"``, an ``apps.get_model`` call),
and editorial imports and names none of them: what one app offers another goes
through editorial's contracts. ``site_config`` (the site) may name everything.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dependency_rule"
CONTENT_APPS = {"articles", "glossary", "podcasts"}
# Feature apps and the project apps each may use besides editorial.
FEATURE_APPS = {
    "contacts": set(),
    "leads": {"contacts"},
    "newsletter": {"contacts"},
}
PROJECT_PACKAGES = CONTENT_APPS | set(FEATURE_APPS) | {"editorial", "site_config"}
# "app_label.ModelName" (or the lowercase content-type form), the whole string.
MODEL_LABEL = re.compile(r"^(?P<app>[a-z_]+)\.[A-Za-z_]\w*$")


def forbidden_for(app):
    if app == "editorial":
        return CONTENT_APPS | set(FEATURE_APPS) | {"site_config"}
    if app in CONTENT_APPS:
        return (CONTENT_APPS - {app}) | set(FEATURE_APPS) | {"site_config"}
    if app in FEATURE_APPS:
        return (
            (CONTENT_APPS | set(FEATURE_APPS) | {"site_config"})
            - {app}
            - FEATURE_APPS[app]
        )
    return set()


def _string(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def references(path):
    """``(line, what, package)`` for every import, model-label string and
    ``get_model`` call of the file: the project packages it names."""
    tree = ast.parse(path.read_text(), filename=str(path))
    seen = set()  # strings already reported as get_model() arguments
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, f"imports {alias.name}", alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, f"imports {node.module}", node.module.split(".")[0]
        elif isinstance(node, ast.Call) and (
            getattr(node.func, "attr", None) == "get_model"
            or getattr(node.func, "id", None) == "get_model"
        ):
            label = _string(node.args[0]) if node.args else None
            seen.update(id(arg) for arg in node.args)
            if label:
                yield node.lineno, f"get_model({label!r})", label.split(".")[0]
        else:
            value = _string(node) if id(node) not in seen else None
            match = MODEL_LABEL.match(value) if value else None
            if match:
                yield node.lineno, f"names {value!r}", match["app"]


def violations(app, paths):
    forbidden = forbidden_for(app)
    return [
        f"{path.relative_to(ROOT)}:{line} {what}"
        for path in paths
        for line, what, package in references(path)
        if package in forbidden
    ]


@pytest.mark.parametrize(
    "app", sorted(CONTENT_APPS | set(FEATURE_APPS) | {"editorial"})
)
def test_apps_respect_the_dependency_rule(app):
    assert violations(app, sorted((ROOT / app).rglob("*.py"))) == []


def test_the_rule_checker_sees_imports():
    """Guard against a checker that finds nothing: site_config does import the apps."""
    packages = {
        package
        for path in (ROOT / "site_config").rglob("*.py")
        for _, _, package in references(path)
    }
    assert {"editorial", "articles", "podcasts"} <= packages


def test_the_rule_checker_catches_every_kind_of_crossing():
    """A module of a pretend ``articles`` app that imports podcasts and
    site_config, names podcasts' model in both label forms and asks the app
    registry for podcasts' and glossary's models: each is reported; its own
    label and editorial's model are not."""
    found = violations("articles", [FIXTURES / "articles_naming_podcasts.py"])
    assert [entry.split(" ", 1)[1] for entry in found] == [
        "imports podcasts.models",
        "imports site_config",
        "names 'podcasts.PodcastEpisodePage'",
        "names 'podcasts.podcastepisodepage'",
        "get_model('podcasts')",
        "get_model('glossary.GlossaryEntryPage')",
    ]


def test_editorial_may_name_no_content_app():
    found = violations("editorial", [FIXTURES / "articles_naming_podcasts.py"])
    assert "names 'articles.ArticlePage'" in [entry.split(" ", 1)[1] for entry in found]
