"""Editors can create each page type only where it belongs, through the admin."""

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from articles.models import ArticleIndexPage, ArticlePage
from glossary.models import GlossaryEntryPage, GlossaryIndexPage
from leads.models import EventPage, ResourcePage
from newsletter.models import NewsletterPage
from podcasts.models import PodcastEpisodePage, PodcastShowPage
from site_config.models import HomePage, StandardPage
from tests.factories import (
    ArticleIndexPageFactory,
    ArticlePageFactory,
    AudioFileFactory,
    GlossaryIndexPageFactory,
    HomePageFactory,
    PodcastShowPageFactory,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_takes_the_three_sections_and_standard_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ArticleIndexPage,
                GlossaryIndexPage,
                PodcastShowPage,
                StandardPage,
                EventPage,
                ResourcePage,
                NewsletterPage,
            },
        )
        self.assertAllowedParentPageTypes(HomePage, {Page})
        # About, legal, imported WordPress pages: a tree of their own.
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_each_content_type_lives_in_its_own_section(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ArticleIndexPage})
        self.assertAllowedParentPageTypes(GlossaryEntryPage, {GlossaryIndexPage})
        self.assertAllowedParentPageTypes(PodcastEpisodePage, {PodcastShowPage})
        self.assertAllowedSubpageTypes(ArticleIndexPage, {ArticlePage})
        self.assertAllowedSubpageTypes(GlossaryIndexPage, {GlossaryEntryPage})
        self.assertAllowedSubpageTypes(PodcastShowPage, {PodcastEpisodePage})

    def test_content_pages_are_leaves(self):
        for model in (ArticlePage, GlossaryEntryPage, PodcastEpisodePage):
            self.assertAllowedSubpageTypes(model, set())

    def test_wrong_places_are_refused(self):
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticleIndexPage, GlossaryEntryPage)
        self.assertCanNotCreateAt(GlossaryIndexPage, PodcastEpisodePage)
        self.assertCanNotCreateAt(PodcastShowPage, ArticlePage)


class EditorCreatesPagesTests(WagtailPageTestCase):
    """The editor's day: each type created through the admin form, with tags and see-also."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        cls.articles = ArticleIndexPageFactory(parent=cls.home)
        cls.glossary = GlossaryIndexPageFactory(parent=cls.home)
        cls.show = PodcastShowPageFactory(parent=cls.home)
        cls.other = ArticlePageFactory(parent=cls.articles, title="Autre article")

    def setUp(self):
        self.login()

    def test_article_with_body_tags_and_see_also(self):
        self.assertCanCreate(
            self.articles,
            ArticlePage,
            nested_form_data(
                {
                    "title": "Former son écosystème",
                    "slug": "former-son-ecosysteme",
                    "standfirst": "Au-delà des salariés.",
                    "publication_date": "2024-09-09",
                    "tags": "b2b, partenaires",
                    "body": streamfield(
                        [
                            (
                                "heading",
                                {"text": "Pourquoi", "level": "h2", "anchor": ""},
                            ),
                            (
                                "paragraph",
                                rich_text(
                                    '<p>Un <a href="https://example.com">lien</a>.</p>'
                                ),
                            ),
                            (
                                "quote",
                                {
                                    "text": "Citation",
                                    "attribution": "Auteur",
                                    "source_title": "Livre",
                                    "source_url": "",
                                },
                            ),
                        ]
                    ),
                    "playable_versions": inline_formset([]),
                    "see_also_items": inline_formset(
                        [{"target": self.other.pk, "label": "À lire"}]
                    ),
                    "contributors": inline_formset([]),
                }
            ),
        )
        page = ArticlePage.objects.get(slug="former-son-ecosysteme")
        self.assertEqual(sorted(page.tags.names()), ["b2b", "partenaires"])
        self.assertEqual(
            [(i.target_id, i.label) for i in page.see_also_items.all()],
            [(self.other.pk, "À lire")],
        )
        self.assertEqual(
            [block.block_type for block in page.body], ["heading", "paragraph", "quote"]
        )

    def test_glossary_entry_with_alternative_forms(self):
        self.assertCanCreate(
            self.glossary,
            GlossaryEntryPage,
            nested_form_data(
                {
                    "title": "B2B",
                    "slug": "b2b",
                    "short_definition": "Commerce entre entreprises.",
                    "publication_date": "2024-01-01",
                    "tags": "b2b",
                    "explanation": streamfield([]),
                    "alternative_forms": inline_formset(
                        [{"form": "BtoB"}, {"form": "B to B"}]
                    ),
                    "sources": inline_formset([]),
                    "related_entries": inline_formset([]),
                    "playable_versions": inline_formset([]),
                    "see_also_items": inline_formset([]),
                }
            ),
        )
        entry = GlossaryEntryPage.objects.get(slug="b2b")
        self.assertEqual(entry.alternative_form_list, ["BtoB", "B to B"])

    def test_episode_with_audio(self):
        audio = AudioFileFactory()
        self.assertCanCreate(
            self.show,
            PodcastEpisodePage,
            nested_form_data(
                {
                    "title": "Épisode 1",
                    "slug": "episode-1",
                    "audio": audio.pk,
                    "episode_type": "full",
                    "episode_number": 1,
                    "summary": "Résumé.",
                    "show_notes": rich_text("<p>Notes.</p>"),
                    "publication_date": "2024-01-01",
                    "tags": "b2b",
                    "playable_versions": inline_formset([]),
                    "see_also_items": inline_formset([]),
                    "credits": inline_formset([]),
                    "chapters": inline_formset([]),
                    "linked_articles": inline_formset([]),
                }
            ),
        )
        episode = PodcastEpisodePage.objects.get(slug="episode-1")
        self.assertEqual(episode.duration_seconds, 14)
        self.assertEqual(episode.file_size, audio.file.size)

    def test_see_also_chooser_offers_only_content_types(self):
        response = self.client.get(
            f"/admin/pages/add/articles/articlepage/{self.articles.pk}/"
        )
        self.assertContains(
            response,
            '"modelNames": ["articles.articlepage", "glossary.glossaryentrypage", '
            '"podcasts.podcastepisodepage"]',
        )

    def test_see_also_refuses_a_non_content_page(self):
        response = self.client.post(
            f"/admin/pages/add/articles/articlepage/{self.articles.pk}/",
            nested_form_data(
                {
                    "title": "Mauvais lien",
                    "slug": "mauvais-lien",
                    "publication_date": "2024-01-01",
                    "body": streamfield([]),
                    "playable_versions": inline_formset([]),
                    "see_also_items": inline_formset(
                        [{"target": self.home.pk, "label": ""}]
                    ),
                    "contributors": inline_formset([]),
                }
            ),
        )
        self.assertEqual(response.status_code, 200)  # the form comes back with errors
        errors = response.context["form"].formsets["see_also_items"].errors
        self.assertIn("target", errors[0])
        # The editor reads the message in the admin's language (French by default).
        with translation.override("fr"):
            message = gettext(
                "Choose an article, a glossary entry or a podcast episode."
            )
        self.assertNotEqual(
            message, "Choose an article, a glossary entry or a podcast episode."
        )
        self.assertContains(response, escape(message))
        self.assertFalse(ArticlePage.objects.filter(slug="mauvais-lien").exists())


class EditorPreviewsTests(WagtailPageTestCase):
    """Preview shows the draft's own see-also picks and tags before they are saved."""

    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = HomePageFactory(parent=root)
        cls.articles = ArticleIndexPageFactory(parent=cls.home)
        Site.objects.filter(is_default_site=True).update(root_page=cls.home)
        cls.article = ArticlePageFactory(parent=cls.articles, title="Article en cours")
        cls.other = ArticlePageFactory(parent=cls.articles, title="Lecture conseillée")

    def setUp(self):
        self.login()

    def test_preview_of_unsaved_picks(self):
        url = f"/admin/pages/{self.article.pk}/edit/preview/"
        data = nested_form_data(
            {
                "title": "Article en cours",
                "slug": self.article.slug,
                "publication_date": "2024-01-01",
                "tags": "nouveau-mot-clé",
                "body": streamfield([]),
                "playable_versions": inline_formset([]),
                "see_also_items": inline_formset(
                    [{"target": self.other.pk, "label": "Lisez ceci d'abord"}]
                ),
                "contributors": inline_formset([]),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.json()["is_valid"], True)
        response = self.client.get(url)
        self.assertContains(response, "Lisez ceci d&#x27;abord")
        self.assertContains(response, "nouveau-mot-clé")
        # Nothing was saved by previewing.
        self.assertFalse(self.article.see_also_items.exists())


class StandardPageTests(WagtailPageTestCase):
    """The standard page (about, legal notice) created and served."""

    def test_created_under_home_and_served(self):
        home = HomePageFactory(parent=Page.get_first_root_node())
        site = Site.objects.get(is_default_site=True)
        site.root_page = home
        site.save()
        page = StandardPage(
            title="Mentions légales",
            slug="mentions-legales",
            body=[("paragraph", "<p>Éditeur : Pressroom.</p>")],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>Mentions légales</h1>", html=True)
        # French spacing: a no-break space before the colon.
        self.assertContains(response, "Éditeur\u00a0: Pressroom.")
