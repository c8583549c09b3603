"""README "Install into your Wagtail site" and scripts/plugin-install-check
agree: the script reads its steps from the README's marked code blocks, and
leaves out the lines of apps a combination does not install. (The install
itself runs in CI: .ci/run, scripts/plugin-install-check.)"""

import importlib.machinery
import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "plugin-install-check"


@pytest.fixture(scope="module")
def install_check():
    loader = importlib.machinery.SourceFileLoader("plugin_install_check", str(SCRIPT))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_readme_has_every_step(install_check):
    steps = install_check.readme_steps()
    assert set(install_check.STEPS) <= set(steps)
    assert "editorial.context_processors.pressroom" in steps["settings"]
    assert "{% block extra_head %}{% endblock %}" in steps["base-template"]
    assert 'path("api/v3/", api_v3.urls)' in steps["urls"]


@pytest.mark.parametrize("name", ["editorial+articles", "editorial+glossary", "all"])
def test_lines_of_absent_apps_are_left_out(install_check, name):
    apps = install_check.COMBINATIONS[name]
    steps = install_check.readme_steps()
    settings = install_check.for_apps(steps["settings"], apps)
    urls = install_check.for_apps(steps["urls"], apps)
    for app in ("articles", "glossary", "podcasts"):
        assert (f'"{app}",' in settings) == (app in apps)
    assert ("glossary_router" in urls) == ("glossary" in apps)
    assert ("podcasts_router" in urls) == ("podcasts" in apps)
    assert ('include("articles.urls")' in urls) == ("articles" in apps)
    # The core and the APIs are there whatever the combination.
    assert '"editorial",' in settings
    assert "api_v2.urls" in urls


def test_readme_settings_are_valid_python(install_check):
    steps = install_check.readme_steps()
    namespace = {
        "INSTALLED_APPS": [],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.common.CommonMiddleware",
        ],
        "TEMPLATES": [{"OPTIONS": {"context_processors": []}}],
    }
    exec(install_check.for_apps(steps["settings"], ("articles",)), namespace)
    assert namespace["INSTALLED_APPS"][:2] == ["editorial", "articles"]
    assert namespace["MIDDLEWARE"] == [
        "django.middleware.security.SecurityMiddleware",
        "editorial.http_guards.HeadAsGetMiddleware",
        "editorial.http_guards.ControlCharacterMiddleware",
        "django.middleware.common.CommonMiddleware",
    ]
