"""The plugin's wheel holds its four apps and nothing of this site.

pyproject.toml's package selection is read the way setuptools reads it, and
scripts/plugin-install-check's guard on the built wheel (CI builds one) is
checked against wheels that hold too much or too little.
"""

import fnmatch
import importlib.machinery
import importlib.util
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_APPS = {
    "editorial",
    "articles",
    "glossary",
    "podcasts",
    "contacts",
    "leads",
    "newsletter",
    "wordpress_import",
}


def install_check():
    loader = importlib.machinery.SourceFileLoader(
        "plugin_install_check", str(ROOT / "scripts" / "plugin-install-check")
    )
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_wheel_selects_the_four_apps_only():
    """Every package of the checkout against the include patterns, matched
    as setuptools' find_packages matches them (fnmatch on dotted names)."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]
    include = setuptools["packages"]["find"]["include"]
    packages = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ROOT.iterdir()
        if top.is_dir() and not top.name.startswith(".")
        for init in top.rglob("__init__.py")
    }
    selected = {
        package
        for package in packages
        if any(fnmatch.fnmatchcase(package, pattern) for pattern in include)
    }
    assert "site_config" in packages and "tests" in packages
    assert {package.split(".")[0] for package in selected} == PLUGIN_APPS
    # Each app's migrations are packages (shipped as code), its templates,
    # static files, catalogues and data files (the podcast audience's
    # user-agent lists) package data.
    assert {f"{app}.migrations" for app in PLUGIN_APPS} <= selected
    assert set(setuptools["package-data"]["*"]) == {
        "templates/**/*",
        "static/**/*",
        "locale/**/*",
        "data/**/*",
    }


def fake_wheel(path, tops):
    with zipfile.ZipFile(path, "w") as archive:
        for app in PLUGIN_APPS:
            for name in (
                "__init__.py",
                "templates/x.html",
                "locale/fr/LC_MESSAGES/django.mo",
                "migrations/__init__.py",
            ):
                archive.writestr(f"{app}/{name}", "")
        archive.writestr("pressroom-0.1.0.dist-info/METADATA", "")
        for top in tops:
            archive.writestr(f"{top}/__init__.py", "")
    return path


def test_the_install_check_accepts_the_plugin_alone(tmp_path):
    install_check().check_wheel_contents(fake_wheel(tmp_path / "p.whl", []))


@pytest.mark.parametrize(
    "top", ["site_config", "tests", "bench", "deploy", "scripts", "anything"]
)
def test_the_install_check_refuses_a_wheel_holding_more(tmp_path, top):
    module = install_check()
    with pytest.raises(module.CheckFailed, match=top):
        module.check_wheel_contents(fake_wheel(tmp_path / "p.whl", [top]))


def test_the_install_check_refuses_an_app_without_its_catalogue(tmp_path):
    module = install_check()
    path = tmp_path / "p.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("editorial/__init__.py", "")
    with pytest.raises(module.CheckFailed, match="editorial/templates/"):
        module.check_wheel_contents(path)
