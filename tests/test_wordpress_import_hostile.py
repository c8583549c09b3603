"""A file that is not a WordPress export, truncated or hostile gets a one-line
error and changes nothing."""

from django.core.management import CommandError, call_command
from django.utils import translation

from wagtail.models import Page, Site

import pytest

from tests.wordpress_helpers import FIXTURES
from wordpress_import.importer import WordPressImporter
from wordpress_import.models import ImportedObject
from wordpress_import.wxr import WXRError

BAD = FIXTURES / "bad"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", "Refused: the file declares entities"),
        ("external_entity.xml", "Refused: the file declares entities"),
        ("not_xml.xml", "Not a well-formed XML file"),
        ("truncated.xml", "Not a well-formed XML file"),
        ("not_wxr.xml", "Not a WordPress export"),
    ],
)
def test_bad_file_one_line_error_and_nothing_written(home, name, message):
    pages = Page.objects.count()
    site = Site.objects.get(is_default_site=True)
    with translation.override("en"), pytest.raises(WXRError) as raised:
        WordPressImporter(BAD / name, site=site).run()
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
    assert Page.objects.count() == pages
    assert not ImportedObject.objects.exists()


@pytest.mark.django_db
def test_command_error_for_a_hostile_file(home):
    with translation.override("en"), pytest.raises(CommandError, match="Refused"):
        call_command("import_wordpress", str(BAD / "billion_laughs.xml"))
