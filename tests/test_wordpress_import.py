"""The WordPress importer on exports the project wrote (tests/fixtures/wordpress):
a block-editor post, a classic post with shortcodes and captions, a private
post, a scheduled post, a draft, a page tree, attachments (one missing), and
what a second run does."""

import json

from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

import pytest

from articles.models import ArticlePage, Category
from editorial.models import Person
from site_config.models import StandardPage
from tests.wordpress_helpers import UPLOADS, export_copy, uploads_server
from wordpress_import.importer import WordPressImporter
from wordpress_import.models import ImportedObject

BLOCK_POST = "Former son écosystème au-delà de ses salariés"
CLASSIC_POST = "Un article classique"


def run_import(path, **kwargs):
    site = Site.objects.get(is_default_site=True)
    kwargs.setdefault("uploads_dir", str(UPLOADS))
    return WordPressImporter(path, site=site, **kwargs).run()


@pytest.fixture
def server():
    with uploads_server() as base:
        yield base


@pytest.fixture
def export(tmp_path, server):
    # The one attachment missing from the uploads copy is also missing from
    # the (local) web server: a 404.
    return export_copy(
        tmp_path, MISSING_URL=f"{server}/wp-content/uploads/2024/01/perdue.jpg"
    )


@pytest.fixture
def imported(home, export):
    return run_import(export)


def blocks(page, field="body"):
    return [(block["type"], block["value"]) for block in getattr(page, field).raw_data]


def page_link(page):
    return f'id="{page.pk}" linktype="page"'


@pytest.mark.django_db
def test_report_counts_every_kind(imported):
    assert imported.counts["post"] == {
        "created": 5,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 0,
    }
    assert imported.counts["page"]["created"] == 2
    assert imported.counts["attachment"]["created"] == 3
    assert imported.counts["attachment"]["failed"] == 1
    # Comments and menus are not imported, but counted.
    assert imported.not_imported == {"comment": 2, "nav_menu_item": 1}
    messages = {(w["wp_id"], w["message"]) for w in imported.warnings}
    assert (
        10,
        "Unknown block wp:acme/testimonial kept as a paragraph of its HTML.",
    ) in messages
    assert (11, "Shortcode [contact-form-7] kept as text.") in messages


@pytest.mark.django_db
def test_block_editor_post(imported):
    article = ArticlePage.objects.get(title=BLOCK_POST)
    classic = ArticlePage.objects.get(title=CLASSIC_POST)
    about = StandardPage.objects.get(slug="a-propos")
    assert article.live and article.slug == "former-son-ecosysteme"
    assert article.first_published_at.isoformat() == "2024-01-10T08:00:00+00:00"
    assert article.publication_date.isoformat() == "2024-01-10"
    assert article.updated_date.isoformat() == "2024-02-01"
    assert article.standfirst == (
        "Former ses partenaires, clients et revendeurs : l’entreprise étendue."
    )
    assert article.category.name == "Écosystème"
    assert sorted(article.tags.names()) == ["B2B", "Formation"]
    assert [c.person.name for c in article.contributors.all()] == ["Claire Morvan"]
    assert article.hero_image.title == "Schéma de l'écosystème"
    body = blocks(article)
    assert [kind for kind, _ in body] == [
        "paragraph",
        "heading",
        "heading",
        "paragraph",
        "quote",
        "image",
        "paragraph",
        "embed",
        "paragraph",
        "image",
        "paragraph",
    ]
    first = body[0][1]
    # French text and entities survive; links to other imported items become
    # page links, even to items that come later in the export.
    assert "« former » ses partenaires" in first and "&amp; l’écosystème" in first
    assert page_link(classic) in first and page_link(about) in first
    assert "blog.example.fr" not in first
    # The revision the import wrote has them too (what the editor opens).
    assert page_link(classic) in blocks(article.latest_revision.as_object())[0][1]
    assert body[1][1] == {"text": "Pourquoi former ?", "level": "h2", "anchor": ""}
    assert body[2][1]["level"] == "h3"
    assert "<li>Clients</li>" in body[3][1] and "<ul>" in body[3][1]
    assert body[4][1] == {
        "text": "Une entreprise apprenante forme tout son écosystème.",
        "attribution": "Jeanne Martin, L'entreprise étendue",
    }
    image = get_image_model().objects.get(pk=body[5][1]["image"])
    assert image.title == "Schéma de l'écosystème"
    assert body[5][1]["alt_text"] == "Carte de l'écosystème"
    assert body[5][1]["caption"] == "L'écosystème, vu d'en haut"
    # Columns flattened into one run of paragraphs.
    assert body[6][1] == "<p>Colonne de gauche</p><p>Colonne de droite</p>"
    assert body[7][1] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert body[8][1] == "<p>Cible | Format</p><p>Clients | Webinaire</p>"
    document = get_document_model().objects.get(title="Guide PDF")
    assert f'id="{document.pk}" linktype="document"' in body[10][1]
    # Comments of the original are not carried over, and the page renders.
    response = article.serve(_request(article))
    response.render()
    assert response.status_code == 200
    assert "Pourquoi former ?" in response.content.decode()


@pytest.mark.django_db
def test_classic_post_with_shortcodes_and_captions(imported):
    article = ArticlePage.objects.get(title=CLASSIC_POST)
    block_post = ArticlePage.objects.get(title=BLOCK_POST)
    body = blocks(article)
    kinds = [kind for kind, _ in body]
    assert kinds == [
        "paragraph",
        "heading",
        "image",
        "image",
        "image",
        "embed",
        "embed",
        "paragraph",
        "quote",
        "paragraph",
    ]
    # wpautop: blank lines split paragraphs, single newlines are <br/>.
    assert body[0][1].startswith("<p>Premier paragraphe avec un retour<br/>à la ligne")
    assert page_link(block_post) in body[0][1]
    assert "<p>Deuxième paragraphe, « guillemets » &amp; entités é.</p>" in body[0][1]
    assert body[1][1]["text"] == "Un intertitre"
    # [caption]: the image with its caption; [gallery ids=...]: both images.
    assert body[2][1]["caption"] == "La légende du schéma"
    assert body[2][1]["alt_text"] == "Écosystème"
    assert body[3][1]["image"] != body[4][1]["image"]
    assert body[5][1] == "https://vimeo.com/123456"
    assert body[6][1] == "https://www.youtube.com/watch?v=abcdefghijk"
    # An unknown shortcode is kept as text (and reported).
    assert "[contact-form-7 id=" in body[7][1]
    assert body[8][1]["text"] == "Une citation classique."
    # The missing image: its caption stays, the item still imports.
    assert body[9][1] == "<p>Une image perdue</p>"
    assert article.live


@pytest.mark.django_db
def test_statuses_private_scheduled_draft(imported, client):
    private = ArticlePage.objects.get(slug="reserve")
    assert private.live
    assert PageViewRestriction.objects.filter(
        page=private, restriction_type=PageViewRestriction.LOGIN
    ).exists()
    response = client.get(private.url)
    assert response.status_code == 302  # to the login page
    assert "login" in response["Location"]

    scheduled = ArticlePage.objects.get(slug="a-paraitre")
    assert not scheduled.live
    assert scheduled.go_live_at.isoformat() == "2099-06-01T07:00:00+00:00"
    assert scheduled.latest_revision.approved_go_live_at is not None

    draft = ArticlePage.objects.get(title="Brouillon")
    assert not draft.live and draft.has_unpublished_changes
    assert draft.first_published_at is None


@pytest.mark.django_db
def test_page_tree_keeps_its_hierarchy(imported, home):
    about = StandardPage.objects.get(slug="a-propos")
    team = StandardPage.objects.get(slug="equipe")
    # The child came before its parent in the export.
    assert about.get_parent().specific == home
    assert team.get_parent().pk == about.pk
    assert team.title == "L’équipe"
    assert blocks(about) == [
        ("heading", {"text": "Qui sommes-nous ?", "level": "h2", "anchor": ""}),
        ("paragraph", "<p>Une publication B2B.</p>"),
    ]


@pytest.mark.django_db
def test_attachments_and_missing_file(imported):
    image = get_image_model().objects.get(title="Schéma de l'écosystème")
    assert image.description == "L'écosystème d'une entreprise B2B"
    assert (image.width, image.height) == (40, 30)
    assert get_document_model().objects.filter(title="Guide PDF").exists()
    missing = [w for w in imported.warnings if w["wp_id"] == 103]
    assert missing and "HTTP 404" in missing[0]["message"]
    assert missing[0]["title"] == "Photo perdue"
    assert not get_image_model().objects.filter(title="Photo perdue").exists()


@pytest.mark.django_db
def test_attachments_downloaded_without_uploads_dir(home, tmp_path, server):
    path = export_copy(
        tmp_path,
        **{
            "https://blog.example.fr/wp-content/uploads/": f"{server}/wp-content/uploads/",
            "MISSING_URL": f"{server}/wp-content/uploads/2024/01/perdue.jpg",
        },
    )
    report = run_import(path, uploads_dir=None)
    assert report.counts["attachment"] == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "failed": 1,
    }
    assert get_image_model().objects.get(title="Schéma").width == 20


@pytest.mark.django_db
def test_old_urls_redirect(imported, client):
    article = ArticlePage.objects.get(title=BLOCK_POST)
    about = StandardPage.objects.get(slug="a-propos")
    redirects = {r.old_path: r for r in Redirect.objects.all()}
    assert redirects["/2024/01/former-son-ecosysteme"].redirect_page_id == article.pk
    assert redirects["/?p=10"].redirect_page_id == article.pk
    assert redirects["/?page_id=20"].redirect_page_id == about.pk
    assert redirects["/tag/formation"].redirect_link == "/tags/formation/"
    assert redirects["/feed"].redirect_link == "/feeds/articles/"
    assert redirects["/category/ecosysteme"].redirect_link.endswith(
        "?category=ecosysteme"
    )
    image = get_image_model().objects.get(title="Schéma de l'écosystème")
    assert (
        redirects["/wp-content/uploads/2024/01/ecosysteme.jpg"].redirect_link
        == image.file.url
    )
    assert all(r.is_permanent for r in redirects.values())
    response = client.get("/2024/01/former-son-ecosysteme/")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)
    response = client.get("/?p=10")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)


@pytest.mark.django_db
def test_second_run_creates_nothing_twice(imported, export):
    counts = (
        Page.objects.count(),
        ImportedObject.objects.count(),
        Redirect.objects.count(),
    )
    people = Person.objects.count()
    report = run_import(export)
    assert report.total("created") == 0
    assert report.counts["post"]["unchanged"] == 5
    assert report.counts["page"]["unchanged"] == 2
    assert report.counts["attachment"]["unchanged"] == 3
    assert (
        Page.objects.count(),
        ImportedObject.objects.count(),
        Redirect.objects.count(),
    ) == counts
    assert Person.objects.count() == people == 2
    assert Category.objects.count() == 1


@pytest.mark.django_db
def test_second_run_updates_changes_and_keeps_editors_edits(imported, export):
    # An editor edits the classic article in Wagtail after the import.
    edited = ArticlePage.objects.get(title=CLASSIC_POST)
    edited.standfirst = "Chapô écrit dans Wagtail."
    edited.save_revision().publish()
    # Both posts change in WordPress.
    text = export.read_text(encoding="utf-8")
    text = text.replace("Pourquoi former ?", "Pourquoi former son écosystème ?")
    text = text.replace("Premier paragraphe avec", "Tout premier paragraphe avec")
    export.write_text(text, encoding="utf-8")

    report = run_import(export)
    assert report.counts["post"]["updated"] == 1
    assert report.counts["post"]["skipped"] == 1
    assert report.total("created") == 0
    block_post = ArticlePage.objects.get(title=BLOCK_POST)
    assert blocks(block_post)[1][1]["text"] == "Pourquoi former son écosystème ?"
    edited.refresh_from_db()
    assert edited.standfirst == "Chapô écrit dans Wagtail."
    warning = next(w for w in report.warnings if w["wp_id"] == 11)
    assert "--overwrite" in warning["message"]

    report = run_import(export, overwrite=True)
    assert report.counts["post"]["updated"] == 1
    edited.refresh_from_db()
    assert edited.standfirst == ""
    assert blocks(edited)[0][1].startswith("<p>Tout premier paragraphe")


@pytest.mark.django_db
def test_one_failing_item_leaves_the_others(home, export):
    # Two posts with the same slug under the same index: the second cannot
    # be created; it is reported and nothing of it stays behind.
    text = export.read_text(encoding="utf-8")
    text = text.replace(
        "<wp:post_name><![CDATA[reserve]]></wp:post_name>",
        "<wp:post_name><![CDATA[article-classique]]></wp:post_name>",
    )
    export.write_text(text, encoding="utf-8")
    report = run_import(export)
    assert report.counts["post"]["failed"] == 1
    assert report.counts["post"]["created"] == 4
    assert not ArticlePage.objects.filter(title="Réservé aux abonnés").exists()
    assert not ImportedObject.objects.filter(kind="post", wp_id=12).exists()
    failure = next(w for w in report.warnings if w["wp_id"] == 12)
    assert failure["title"] == "Réservé aux abonnés"


@pytest.mark.django_db
def test_dry_run_writes_nothing(home, export):
    before = (
        Page.objects.count(),
        get_image_model().objects.count(),
        Redirect.objects.count(),
    )
    report = run_import(export, dry_run=True)
    assert report.counts["post"]["created"] == 5
    assert report.dry_run
    after = (
        Page.objects.count(),
        get_image_model().objects.count(),
        Redirect.objects.count(),
    )
    assert after == before
    assert not ImportedObject.objects.exists()


@pytest.mark.django_db
def test_limit(home, export):
    report = run_import(export, limit=2)
    created = sum(
        row["created"] for kind, row in report.counts.items() if kind != "attachment"
    )
    assert created == 2


@pytest.mark.django_db
def test_command_prints_table_and_writes_json_report(home, export, tmp_path, capsys):
    report_path = tmp_path / "report.json"
    call_command(
        "import_wordpress",
        str(export),
        "--uploads-dir",
        str(UPLOADS),
        "--report",
        str(report_path),
    )
    out = capsys.readouterr().out
    assert "post" in out and "attachment" in out
    data = json.loads(report_path.read_text(encoding="utf-8"))
    assert data["counts"]["post"]["created"] == 5
    assert {
        "wp_id": 103,
        "title": "Photo perdue",
        "kind": "attachment",
    }.items() <= next(w for w in data["warnings"] if w["wp_id"] == 103).items()


@pytest.mark.django_db
def test_command_refuses_bad_arguments(home, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_wordpress", str(tmp_path / "absent.xml"))
    with pytest.raises(CommandError, match="No Wagtail site"):
        call_command(
            "import_wordpress",
            str(export_copy(tmp_path, MISSING_URL="x")),
            "--site",
            "nowhere.example",
        )


def _request(page):
    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    request.site = Site.objects.get(is_default_site=True)
    return request


@pytest.mark.django_db
def test_custom_category_and_tag_bases(home, export, tmp_path):
    """The archives of a site whose permalinks use other bases (WordPress's
    category_base and tag_base options) redirect from those: given to the
    command, else read from the export when it carries them; a child
    category from its nested and its flat path."""
    nested = export_copy(
        tmp_path,
        MISSING_URL="x",
        **{
            "<wp:wxr_version>": "<wp:category_base>/blog/rubrique/</wp:category_base>"
            "<wp:wxr_version>",
            "<wp:tag><wp:term_id>7</wp:term_id>": "<wp:category><wp:term_id>6</wp:term_id><wp:category_nicename>salons</wp:category_nicename><wp:category_parent>ecosysteme</wp:category_parent><wp:cat_name>Salons</wp:cat_name></wp:category>"
            "<wp:tag><wp:term_id>7</wp:term_id>",
        },
    )
    call_command(
        "import_wordpress",
        str(nested),
        "--uploads-dir",
        str(UPLOADS),
        "--tag-base",
        "mot-cle/",
        "--report",
        str(tmp_path / "report.json"),
    )
    paths = dict(Redirect.objects.values_list("old_path", "redirect_link"))
    assert paths["/blog/rubrique/ecosysteme"] == "/articles/?category=ecosysteme"
    assert paths["/blog/rubrique/ecosysteme/salons"] == "/articles/?category=salons"
    assert paths["/blog/rubrique/salons"] == "/articles/?category=salons"
    assert paths["/blog/rubrique/salons/feed"] == "/feeds/articles/"
    assert paths["/mot-cle/formation"] == "/tags/formation/"
    assert paths["/mot-cle/formation/feed"] == "/feeds/articles/tags/formation/"
    assert "/category/ecosysteme" not in paths and "/tag/formation" not in paths
    # The option wins over the export.
    Redirect.objects.all().delete()
    run_import(nested, category_base="themes")
    paths = set(Redirect.objects.values_list("old_path", flat=True))
    assert {"/themes/ecosysteme", "/tag/formation"} <= paths
    with pytest.raises(CommandError, match="--tag-base"):
        call_command("import_wordpress", str(nested), "--tag-base", "../..")
