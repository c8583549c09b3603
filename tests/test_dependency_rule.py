"""site_config -> {articles, glossary, podcasts} -> editorial -> wagtail/taggit.

No content app imports another, and editorial imports none of them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT_APPS = {"articles", "glossary", "podcasts"}
PROJECT_PACKAGES = CONTENT_APPS | {"editorial", "site_config"}


def imported_packages(app):
    """(file, top-level package) for every import in the app's Python files."""
    for path in (ROOT / app).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                yield path, node.module.split(".")[0]


def forbidden_for(app):
    if app == "editorial":
        return CONTENT_APPS | {"site_config"}
    if app in CONTENT_APPS:
        return (CONTENT_APPS - {app}) | {"site_config"}
    return set()


@pytest.mark.parametrize("app", sorted(CONTENT_APPS | {"editorial"}))
def test_app_imports_respect_the_dependency_rule(app):
    violations = [
        f"{path.relative_to(ROOT)} imports {package}"
        for path, package in imported_packages(app)
        if package in forbidden_for(app)
    ]
    assert violations == []


def test_the_rule_checker_sees_imports():
    """Guard against a checker that finds nothing: site_config does import the apps."""
    packages = {package for _, package in imported_packages("site_config")}
    assert {"editorial"} <= packages
    assert "wagtail" in {package for _, package in imported_packages("editorial")}
