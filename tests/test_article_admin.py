"""The editor's day: an article with every block, contributors, category,
sponsorship and audio version created through the admin form; the Publication
menu's listings."""

import json

from django.utils.html import escape

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from articles.models import ArticlePage
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    HomePageFactory,
    PodcastEpisodePageFactory,
    PodcastShowPageFactory,
)
from tests.factories_articles import (
    EMBED_URL,
    CategoryFactory,
    ImageFactory,
    PartnerFactory,
    PersonFactory,
    cached_embed,
    credit,
)


def list_block(items):
    """Form data of a ListBlock."""
    data = {"count": len(items)}
    for index, item in enumerate(items):
        data[str(index)] = {"value": item, "deleted": "", "order": index}
    return data


def event_form(person, **overrides):
    value = {
        "title": "Table ronde",
        "start_date": "2024-10-03",
        "start_time": "18:30",
        "end_date": "",
        "end_time": "20:00",
        "time_zone": "Europe/Paris",
        "place": "Nantes",
        "description": rich_text("<p>Une soirée.</p>"),
        "speakers": list_block(
            [
                {"person": person.pk, "name": "", "organisation": ""},
                {"person": "", "name": "Anne Roux", "organisation": "Kappa"},
            ]
        ),
        "agenda": list_block(["Qui former ?", "Comment ?"]),
        "registration_url": "https://example.com/inscription",
        # Registration on this site (editorial.registrations) left off.
        "registration": {
            "enabled": "",
            "capacity": "",
            "closes_at": "",
            "ask_company": "",
            "ask_job_title": "",
            "ask_phone": "",
            "questions": list_block([]),
        },
    }
    value.update(overrides)
    return value


class EditorCreatesAnArticleWithEveryBlockTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)
        cls.articles = ArticleIndexPageFactory(parent=cls.home)
        cls.show = PodcastShowPageFactory(parent=cls.home)
        cls.episode = PodcastEpisodePageFactory(parent=cls.show)
        cls.other = ArticlePageFactory(parent=cls.articles, title="Autre article")
        cls.person = PersonFactory(name="Claire Morvan")
        cls.category = CategoryFactory()
        cls.partner = PartnerFactory()
        cls.image = ImageFactory()
        cached_embed()

    def setUp(self):
        self.login()

    def form(self, slug, body, **fields):
        data = {
            "title": "Former son écosystème",
            "slug": slug,
            "standfirst": "Au-delà des salariés.",
            "publication_date": "2024-09-09",
            "tags": "b2b",
            "body": streamfield(body),
            "see_also_items": inline_formset([]),
            "contributors": inline_formset([]),
            "playable_versions": inline_formset([]),
        }
        data.update(fields)
        return nested_form_data(data)

    def every_block(self):
        return [
            ("heading", {"text": "Pourquoi", "level": "h2", "anchor": ""}),
            ("paragraph", rich_text("<p>Du <b>B2B</b>.</p>")),
            (
                "quote",
                {
                    "text": "Citation",
                    "attribution": "Auteur",
                    "source_title": "Livre",
                    "source_url": "https://example.com/livre",
                },
            ),
            (
                "definition",
                {
                    "term": "Écosystème",
                    "field_label": "Biologie",
                    "definition": "Une communauté.",
                    "source": "Le Robert",
                    "source_url": "",
                },
            ),
            (
                "image",
                {"image": self.image.pk, "alt_text": "", "caption": "C", "credit": "©"},
            ),
            ("embed", EMBED_URL),
            ("podcast_episode", {"episode": self.episode.pk, "introduction": ""}),
            ("event", event_form(self.person)),
            (
                "call_to_action",
                {
                    "text": "Venez.",
                    "button_label": "S'inscrire",
                    "url": "mailto:evenements@example.com",
                },
            ),
            (
                "sponsorship_note",
                {
                    "kind": "sponsored",
                    "partner_name": "Acme",
                    "partner_url": "https://acme.example/",
                    "text": "Contenu sponsorisé.",
                },
            ),
            ("related_reading", {"page": self.other.pk, "label": "", "teaser": ""}),
        ]

    def test_article_with_every_block_and_all_fields(self):
        self.assertCanCreate(
            self.articles,
            ArticlePage,
            self.form(
                "former",
                self.every_block(),
                contributors=inline_formset(
                    [{"person": self.person.pk, "role": "Autrice"}]
                ),
                category=self.category.pk,
                sponsor=self.partner.pk,
                sponsorship_kind="partnership",
                sponsorship_text="Avec Acme.",
                playable_versions=inline_formset([{"playable": self.episode.pk}]),
                updated_date="2024-10-01",
                hero_image=self.image.pk,
                hero_caption="Légende",
                hero_credit="Crédit",
            ),
        )
        page = ArticlePage.objects.get(slug="former")
        self.assertEqual(
            [block.block_type for block in page.body],
            [
                "heading",
                "paragraph",
                "quote",
                "definition",
                "image",
                "embed",
                "podcast_episode",
                "event",
                "call_to_action",
                "sponsorship_note",
                "related_reading",
            ],
        )
        event = page.body[7].value
        self.assertEqual(event.start.isoformat(), "2024-10-03T18:30:00+02:00")
        self.assertEqual(
            [s["name"] for s in event.speakers], ["Anne Roux", "Claire Morvan"]
        )
        self.assertEqual(
            [(c.person, c.role) for c in page.contributors.all()],
            [(self.person, "Autrice")],
        )
        self.assertEqual(page.category, self.category)
        self.assertEqual(
            [link.playable_id for link in page.playable_versions.all()],
            [self.episode.pk],
        )
        page.save_revision().publish()
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def assertRefused(self, event_overrides, message):
        response = self.client.post(
            f"/admin/pages/add/articles/articlepage/{self.articles.pk}/",
            self.form(
                "refuse", [("event", event_form(self.person, **event_overrides))]
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ArticlePage.objects.filter(slug="refuse").exists())
        # Block errors travel to the editor inside the form's JSON data, where
        # non-ASCII characters (French apostrophes) are \u-escaped.
        content = response.content.decode()
        self.assertTrue(
            escape(message) in content or json.dumps(message)[1:-1] in content,
            message,
        )

    def test_event_ending_before_it_starts_is_refused(self):
        from django.utils.translation import gettext

        self.assertRefused(
            {"end_time": "17:00"}, gettext("The event cannot end before it starts.")
        )

    def test_event_without_time_zone_is_refused(self):
        from django.utils.translation import gettext

        self.assertRefused(
            {"time_zone": ""},
            gettext("Choose the time zone of the event's start time."),
        )

    def test_registration_url_that_is_not_a_url_is_refused(self):
        from editorial.blocks import SafeURLValidator

        self.assertRefused(
            {"registration_url": "javascript:alert(1)"}, str(SafeURLValidator.message)
        )

    def test_audio_version_chooser_is_limited_to_episodes(self):
        response = self.client.get(
            f"/admin/pages/add/articles/articlepage/{self.articles.pk}/"
        )
        # The registered playable types (editorial.playable), not a name
        # articles knows.
        self.assertContains(response, '"modelNames": ["podcasts.podcastepisodepage"]')

    def test_audio_version_must_be_playable(self):
        response = self.client.post(
            f"/admin/pages/add/articles/articlepage/{self.articles.pk}/",
            self.form(
                "not-playable",
                [],
                playable_versions=inline_formset([{"playable": self.articles.pk}]),
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ArticlePage.objects.filter(slug="not-playable").exists())
        from django.utils.translation import gettext

        self.assertContains(
            response, gettext("Choose a podcast episode or other recording.")
        )

    def test_audio_version_panel_left_out_without_playable_content(self):
        from unittest import mock

        from editorial.playable import playable_types

        with mock.patch.object(playable_types, "_models", {}):
            response = self.client.get(
                f"/admin/pages/add/articles/articlepage/{self.articles.pk}/"
            )
            self.assertNotContains(response, "playable_versions-TOTAL_FORMS")
            data = self.form("no-audio", [])
            data = {k: v for k, v in data.items() if "playable_versions" not in k}
            response = self.client.post(
                f"/admin/pages/add/articles/articlepage/{self.articles.pk}/", data
            )
        self.assertTrue(ArticlePage.objects.filter(slug="no-audio").exists())


class PublicationMenuTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        cls.articles = ArticleIndexPageFactory(parent=cls.home)
        cls.category = CategoryFactory(name="Formation")
        cls.person = PersonFactory(name="Claire Morvan")
        cls.first = ArticlePageFactory(
            parent=cls.articles, title="Premier article", category=cls.category
        )
        cls.second = ArticlePageFactory(parent=cls.articles, title="Second article")
        cls.draft = ArticlePageFactory(
            parent=cls.articles, title="Brouillon", live=False
        )
        credit(cls.second, cls.person)
        credit(cls.first, PersonFactory(name="Bruno Aubert"))
        cls.second.tags.add("abm")
        cls.second.save()
        cls.first.tags.add("formation")
        cls.first.save()

    def setUp(self):
        self.login()

    def titles(self, query=""):
        response = self.client.get(f"/admin/articles/articlepage/{query}")
        self.assertEqual(response.status_code, 200)
        return {
            title
            for title in ("Premier article", "Second article", "Brouillon")
            if title in response.content.decode()
        }

    def test_menu_group(self):
        response = self.client.get("/admin/")
        self.assertContains(response, "Publication")
        for url in (
            "/admin/editorial/person/",
            "/admin/articles/partner/",
            "/admin/articles/category/",
            "/admin/editorial/person/create/",
        ):
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_flat_article_listing_filters_and_search(self):
        self.assertEqual(
            self.titles(), {"Premier article", "Second article", "Brouillon"}
        )
        self.assertEqual(
            self.titles(f"?category__id__exact={self.category.pk}"), {"Premier article"}
        )
        self.assertEqual(self.titles("?live__exact=0"), {"Brouillon"})
        self.assertEqual(
            self.titles(f"?contributors__person__id__exact={self.person.pk}"),
            {"Second article"},
        )
        tag = self.second.tags.get()
        self.assertEqual(
            self.titles(f"?tagged_items__tag__id__exact={tag.pk}"), {"Second article"}
        )
        self.assertEqual(self.titles("?q=Premier"), {"Premier article"})

    def test_person_chooser(self):
        response = self.client.get("/admin/person_chooser/")
        self.assertContains(response, "Claire Morvan")


class ArticlePreviewTests(WagtailPageTestCase):
    """A preview shows the draft's unsaved contributors, category and blocks."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)
        cls.articles = ArticleIndexPageFactory(parent=cls.home)
        cls.article = ArticlePageFactory(parent=cls.articles, title="En cours")
        cls.person = PersonFactory(name="Autrice en aperçu")

    def setUp(self):
        self.login()

    def test_preview_of_unsaved_contributors_and_event(self):
        url = f"/admin/pages/{self.article.pk}/edit/preview/"
        data = nested_form_data(
            {
                "title": "En cours",
                "slug": self.article.slug,
                "publication_date": "2024-01-01",
                "body": streamfield([("event", event_form(self.person))]),
                "see_also_items": inline_formset([]),
                "playable_versions": inline_formset([]),
                "contributors": inline_formset(
                    [{"person": self.person.pk, "role": "Enquête"}]
                ),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.json()["is_valid"], True)
        response = self.client.get(url)
        self.assertContains(response, 'rel="author">Autrice en aperçu</a>')
        self.assertContains(response, "(Enquête)")
        self.assertContains(response, '<span class="block-event__speaker">Anne Roux')
        self.assertFalse(self.article.contributors.exists())


class EditAfterDeletionsTests(WagtailPageTestCase):
    """The editor can still open and publish an article whose contributor,
    partner, category, image or audio episode was deleted."""

    def test_edit_form_after_deletions(self):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root)
        articles = ArticleIndexPageFactory(parent=home)
        show = PodcastShowPageFactory(parent=home)
        episode = PodcastEpisodePageFactory(parent=show)
        person = PersonFactory()
        article = ArticlePageFactory(
            parent=articles,
            category=CategoryFactory(),
            sponsor=PartnerFactory(),
            sponsorship_kind="sponsored",
            hero_image=ImageFactory(),
            audio_episode=episode,
        )
        credit(article, person)
        article.save_revision().publish()
        person.delete()
        article.category.delete()
        article.sponsor.delete()
        article.hero_image.delete()
        episode.delete()
        self.login()
        response = self.client.get(f"/admin/pages/{article.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        revision = ArticlePage.objects.get(pk=article.pk).get_latest_revision()
        revision.publish()
        page = ArticlePage.objects.get(pk=article.pk)
        self.assertEqual(list(page.contributors.all()), [])
        self.assertIsNone(page.sponsor_id)
