"""Builds the demo publication (``manage.py load_demo_publication``).

Under a HomePage made the root of the default site: an article index, a
glossary and a podcast show, then articles, glossary entries (with their
alternative forms) and podcast episodes (audio read from the MP3 files in
``site_config/demo/audio``), all sharing one tag vocabulary and linked by
inline links and "see also" picks. The words live in ``content.py``, the
illustrations and audio in ``drawing.py``.

Content pages are created through ``editorial.bulk.bulk_create_pages``: they
wait in a batch (per parent) until the batch is written, which happens when
the batch is complete or as soon as a page of it is needed (a link, a
see-also pick, a parent), so a link reaches every page built before it, as
when the pages were created one by one.

Idempotent: a page whose slug already exists under its parent is left as it
is, an image or audio file with the same title is reused, see-also picks are
added only to pages that have none, and the demo editor account is created
only when missing. Run it twice: the second run creates nothing.
"""

import datetime
import io
import json
import re
import uuid
from collections import Counter
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import CommandError
from django.utils import timezone

from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from articles.models import (
    ArticleContributor,
    ArticleIndexPage,
    ArticlePage,
    Category,
    Partner,
)
from editorial.bulk import bulk_create_pages
from editorial.models import Person, PersonLink, PlayableVersion, SeeAlsoItem
from glossary.models import (
    GlossaryAlternativeForm,
    GlossaryEntryPage,
    GlossaryIndexPage,
    GlossarySource,
)
from podcasts.models import (
    AudioFile,
    EpisodeChapter,
    EpisodePerson,
    PodcastEpisodePage,
    PodcastShowPage,
    PodcastSubscribeLink,
)
from site_config.demo import content
from site_config.demo import footer as demo_footer
from site_config.demo import leads as demo_leads
from site_config.demo import newsletter as demo_newsletter
from site_config.demo.accounts import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    EDITOR_PASSWORD,
    EDITOR_USERNAME,
    ensure_accounts,
    ensure_editor_group,
    name_workflow_in_french,
)
from site_config.demo.drawing import AUDIO_DIR, looped_mp3, png
from site_config.models import HomePage

# ``<a ref="glossary:b2b">`` in the content becomes a glossary term, other
# references (``article:…``) Wagtail page links.
REF_LINK = re.compile(r'<a ref="(?P<key>[a-z]+:[^"]+)">(?P<text>.*?)</a>', re.S)

# Rows of the summary, in display order: key -> label.
SUMMARY_ROWS = {
    "home": "home page",
    "section": "sections (articles, glossary, podcast)",
    "glossary": "glossary entries",
    "episode": "podcast episodes",
    "person": "contributors and speakers",
    "partner": "partners",
    "category": "categories",
    "article": "articles",
    "synthetic": "synthetic articles",
    "see_also": "pages with see-also picks",
    "image": "images",
    "audio": "audio files",
    "editor": "demo editor account",
    "admin": "demo administrator account",
    "standard": "pages (about, legal notice, privacy)",
}


def parse_date(value):
    return datetime.date.fromisoformat(value)


def publication_datetime(day):
    """9:00 local time on the publication day (for first_published_at)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


# -- the builder -----------------------------------------------------------------


class DemoBuilder:
    """Creates what is missing of the demo publication and counts what it did."""

    def __init__(self, stdout, style):
        self.stdout = stdout
        self.style = style
        self.created = Counter()
        self.existing = Counter()
        self.pages = {}  # "glossary:b2b" -> page, for links and see-also
        self.images = {}  # content.IMAGES key -> wagtail Image
        self.people = {}  # content.PEOPLE slug -> editorial.Person
        self.partners = {}  # content.PARTNERS name -> articles.Partner
        self.categories = {}  # content.CATEGORIES slug -> articles.Category
        self.user = None  # author of the revisions, when the editor exists
        self.batches = {}  # parent pk -> (parent, pages waiting to be written)
        self.batch_size = 500
        self.tag_objects = {}  # tag name -> taggit Tag
        self.editor_created = False
        self.known_refs = {f"glossary:{e['slug']}" for e in content.GLOSSARY}
        self.known_refs |= {f"episode:{e['slug']}" for e in content.EPISODES}
        self.known_refs |= {f"article:{a['slug']}" for a in content.ARTICLES}

    def note(self, kind, created):
        (self.created if created else self.existing)[kind] += 1

    # -- generic helpers ------------------------------------------------------

    def publish_new(self, parent, page, day=None, *, batch=False):
        """Add ``page`` under ``parent``, published (a revision, live): at
        once, or with ``batch`` when its batch is written (``flush()``)."""
        if day is not None:
            page.first_published_at = publication_datetime(day)
        if parent.pk is None:
            self.flush()
        self.batches.setdefault(parent.pk, (parent, []))[1].append(page)
        if not batch or len(self.batches[parent.pk][1]) >= self.batch_size:
            self.flush()
        return page

    def flush(self):
        """Write the pages waiting in batches."""
        batches, self.batches = self.batches, {}
        for parent, pages in batches.values():
            bulk_create_pages(parent, pages, user=self.user)

    def saved(self, page):
        """``page``, written first if it waits in a batch."""
        if page is not None and page.pk is None:
            self.flush()
        return page

    def tags(self, names):
        """Tag objects for ``names``, each looked up or created once a run."""
        missing = [name for name in names if name not in self.tag_objects]
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self.tag_objects[tag.name] = tag
            for name in missing:
                if name not in self.tag_objects:
                    self.tag_objects[name] = Tag.objects.create(name=name)
        return [self.tag_objects[name] for name in names]

    def find_child(self, parent, model, slug):
        """The child of ``parent`` with this slug, or None; refuses a wrong type."""
        existing = parent.get_children().filter(slug=slug).specific().first()
        if existing is not None and not isinstance(existing, model):
            raise CommandError(
                f"A page '{existing.url_path}' already exists but is a "
                f"{type(existing).__name__}, not a {model.__name__}. Move or delete it "
                "and run the command again."
            )
        return existing

    def ensure_child(self, parent, model, slug, build, kind, day=None, batch=False):
        """The child of ``parent`` with ``slug``, created with ``build()`` if missing."""
        self.saved(parent)
        page = self.find_child(parent, model, slug)
        created = page is None
        if created:
            page = build()
            page.slug = slug
            self.publish_new(parent, page, day, batch=batch)
        self.note(kind, created)
        return page

    def rich_text(self, html):
        """Turn ``<a ref="kind:slug">`` into Wagtail page links (see content.py)."""

        def replace(match):
            key, text = match["key"], match["text"]
            if key not in self.known_refs:
                raise CommandError(f"Unknown link target '{key}' in the demo content.")
            page = self.saved(self.pages.get(key))
            if page is None:
                self.stdout.write(
                    self.style.WARNING(
                        f"  Link to {key} not created yet: kept as text."
                    )
                )
                return text
            # Glossary references are glossary terms: a link with a tooltip.
            linktype = "glossary" if key.startswith("glossary:") else "page"
            return f'<a linktype="{linktype}" id="{page.pk}">{text}</a>'

        return REF_LINK.sub(replace, html)

    def page_ref(self, key):
        """The pk of a demo page named ``KIND:SLUG`` (built earlier), else None."""
        if key not in self.known_refs:
            raise CommandError(f"Unknown page '{key}' in the demo content.")
        page = self.saved(self.pages.get(key))
        return page.pk if page is not None else None

    def stream(self, blocks):
        """Raw StreamField JSON for a list of content.py blocks."""
        raw = []
        for block in blocks:
            value = block["value"]
            if block["type"] == "paragraph":
                value = self.rich_text(value)
            elif block["type"] == "image":
                value = {**value, "image": self.image(value["image"]).pk}
            elif block["type"] == "related_reading":
                value = {**value, "page": self.page_ref(value["page"])}
            elif block["type"] == "podcast_episode":
                value = {**value, "episode": self.page_ref(value["episode"])}
            elif block["type"] == "event":
                value = {
                    **value,
                    "description": self.rich_text(value.get("description", "")),
                    "speakers": [
                        {
                            **speaker,
                            "person": self.people[speaker["person"]].pk
                            if speaker["person"]
                            else None,
                        }
                        for speaker in value["speakers"]
                    ],
                }
            raw.append({"type": block["type"], "value": value, "id": str(uuid.uuid4())})
        return json.dumps(raw)

    # -- images and audio ---------------------------------------------------------

    def image(self, key):
        """The wagtail Image for a content.IMAGES key, drawn and saved if missing."""
        if key in self.images:
            return self.images[key]
        spec = content.IMAGES[key]
        image_model = get_image_model()
        image = image_model.objects.filter(title=spec["title"]).first()
        created = image is None
        if created:
            data = png(key, spec)
            image = image_model(
                title=spec["title"],
                file=ImageFile(io.BytesIO(data), name=f"demo-{key}.png"),
                file_size=len(data),
            )
            image.save()
        self.note("image", created)
        self.images[key] = image
        return image

    def audio_file(self, title, filename, seconds=None):
        """An AudioFile for a demo MP3, looped to ``seconds`` when given (an
        episode of realistic length from a short clip); duration, size and
        type come from the file."""
        audio = AudioFile.objects.filter(title=title).first()
        created = audio is None
        if created:
            path = AUDIO_DIR / filename
            if not path.exists():
                raise CommandError(f"Missing demo audio file {path}.")
            data = looped_mp3(path, seconds) if seconds else path.read_bytes()
            audio = AudioFile(title=title, file=ContentFile(data, name=filename))
            audio.save()  # reads duration, size and MIME type with mutagen
        self.note("audio", created)
        return audio

    # -- editor account -------------------------------------------------------------

    def ensure_editor(self):
        """The demo's editor (a "Rédaction" group member, no superuser) and
        administrator (site_config.demo.accounts); created only if missing."""
        user, created = ensure_accounts()
        name_workflow_in_french()
        self.editor_created = created["editor"]
        self.note("editor", created["editor"])
        self.note("admin", created["admin"])
        self.user = user
        return user

    # -- home page and sections ------------------------------------------------------

    def ensure_home(self):
        """A HomePage at depth 2, root of the default site; the welcome page goes."""
        root = Page.get_first_root_node()
        site = (
            Site.objects.filter(is_default_site=True)
            .select_related("root_page")
            .first()
        )
        home = None
        if site is not None and site.root_page.specific_class is HomePage:
            home = site.root_page.specific
        if home is None:
            home = self.find_child(root, HomePage, content.HOME["slug"])
        created = home is None
        if created:
            home = HomePage(
                title=content.HOME["title"],
                seo_title=content.HOME["seo_title"],
                tagline=content.HOME["tagline"],
                intro=content.HOME["intro"],
                show_in_menus=False,
            )
            home.slug = content.HOME["slug"]
            self.publish_new(root, home)
        self.note("home", created)
        self.point_default_site(site, home)
        self.delete_welcome_page(home)
        return home

    def point_default_site(self, site, home):
        """The default site serves the demo home at the public base URL
        (BASE_URL), so canonical links and absolute URLs match where it runs."""
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        hostname = base.hostname or "localhost"
        port = base.port or (443 if base.scheme == "https" else 80)
        if site is None:
            Site.objects.create(
                hostname=hostname,
                port=port,
                is_default_site=True,
                site_name=content.SITE_NAME,
                root_page=home,
            )
            return
        site.root_page = home
        site.site_name = site.site_name or content.SITE_NAME
        site.hostname, site.port = hostname, port
        site.save()

    def delete_welcome_page(self, home):
        """Delete Wagtail's initial "Welcome to your new Wagtail site!" page."""
        plain_page = ContentType.objects.get_for_model(Page)
        candidates = Page.objects.filter(
            depth=2, slug="home", content_type=plain_page, numchild=0
        ).exclude(pk=home.pk)
        for page in candidates:
            if not Site.objects.filter(root_page=page).exists():
                page.delete()
                self.stdout.write("  Deleted Wagtail's initial welcome page.")

    def ensure_sections(self, home):
        """The article index, the glossary and the podcast show, in the menu."""
        articles = self.ensure_child(
            home,
            ArticleIndexPage,
            content.ARTICLE_INDEX["slug"],
            lambda: ArticleIndexPage(
                title=content.ARTICLE_INDEX["title"],
                intro=content.ARTICLE_INDEX["intro"],
                show_in_menus=True,
            ),
            "section",
        )
        glossary = self.ensure_child(
            home,
            GlossaryIndexPage,
            content.GLOSSARY_INDEX["slug"],
            lambda: GlossaryIndexPage(
                title=content.GLOSSARY_INDEX["title"],
                intro=content.GLOSSARY_INDEX["intro"],
                show_in_menus=True,
            ),
            "section",
        )
        show = self.ensure_child(
            home,
            PodcastShowPage,
            content.PODCAST_SHOW["slug"],
            lambda: PodcastShowPage(
                title=content.PODCAST_SHOW["title"],
                description=content.PODCAST_SHOW["description"],
                artwork=self.image(content.PODCAST_SHOW["artwork"]),
                show_in_menus=True,
            ),
            "section",
        )
        return articles, glossary, show

    # -- content pages ----------------------------------------------------------------

    def ensure_glossary_entries(self, index):
        for data in content.GLOSSARY:
            self.pages[f"glossary:{data['slug']}"] = self.ensure_child(
                index,
                GlossaryEntryPage,
                data["slug"],
                lambda data=data: self.build_glossary_entry(data),
                "glossary",
                parse_date(data["date"]),
                batch=True,
            )

    def build_glossary_entry(self, data):
        page = GlossaryEntryPage(
            title=data["title"],
            short_definition=data["short_definition"],
            explanation=self.stream(data["explanation"]),
            publication_date=parse_date(data["date"]),
        )
        page.alternative_forms = [
            GlossaryAlternativeForm(form=form, sort_order=order)
            for order, form in enumerate(data["forms"])
        ]
        page.sources = [
            GlossarySource(title=source["title"], url=source.get("url", ""))
            for source in data.get("sources", [])
        ]
        page.tags.add(*self.tags(data["tags"]))
        return page

    def ensure_episodes(self, show):
        for data in content.EPISODES:
            self.pages[f"episode:{data['slug']}"] = self.ensure_child(
                show,
                PodcastEpisodePage,
                data["slug"],
                lambda data=data: self.build_episode(data),
                "episode",
                parse_date(data["date"]),
                batch=True,
            )

    def build_episode(self, data):
        audio_title = f"{content.PODCAST_SHOW['title']} — épisode {data['number']}"
        page = PodcastEpisodePage(
            title=data["title"],
            audio=self.audio_file(
                audio_title, data["audio"], data.get("audio_seconds")
            ),
            episode_number=data["number"],
            summary=data["summary"],
            show_notes=self.rich_text(data["show_notes"]),
            publication_date=parse_date(data["date"]),
        )
        page.tags.add(*self.tags(data["tags"]))
        return page

    def ensure_articles(self, index):
        for data in content.ARTICLES:
            self.pages[f"article:{data['slug']}"] = self.ensure_child(
                index,
                ArticlePage,
                data["slug"],
                lambda data=data: self.build_article(data),
                "article",
                parse_date(data["date"]),
                batch=True,
            )

    def build_article(self, data):
        category, signed_by = content.ARTICLE_DEFAULTS.get(data["slug"], ("", ""))
        category = data.get("category", category)
        contributors = data.get("contributors") or (
            [(signed_by, "")] if signed_by else []
        )
        sponsor = data.get("sponsor")
        page = ArticlePage(
            title=data["title"],
            standfirst=data["standfirst"],
            hero_image=self.image(data["hero"]) if data.get("hero") else None,
            hero_caption=data.get("hero_caption", ""),
            hero_credit=data.get("hero_credit", ""),
            category=self.categories[category] if category else None,
            body=self.stream(data["body"]),
            show_table_of_contents=data.get("toc", False),
            publication_date=parse_date(data["date"]),
            updated_date=parse_date(data["updated"]) if data.get("updated") else None,
            sponsor=self.partners[sponsor["partner"]] if sponsor else None,
            sponsorship_kind=sponsor["kind"] if sponsor else "",
            sponsorship_text=sponsor["text"] if sponsor else "",
        )
        if data.get("audio_episode"):
            page.playable_versions = [
                PlayableVersion(playable_id=self.page_ref(data["audio_episode"]))
            ]
        page.contributors = [
            ArticleContributor(person=self.people[slug], role=role, sort_order=order)
            for order, (slug, role) in enumerate(contributors)
        ]
        page.tags.add(*self.tags(data["tags"]))
        return page

    def ensure_people_partners_categories(self):
        """Contributors and speakers, partners and categories, by slug or name."""
        for data in content.PEOPLE:
            person, created = Person.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    key: data[key]
                    for key in ("name", "job_title", "organisation", "bio")
                },
            )
            if created:
                for order, (label, url) in enumerate(data["links"]):
                    PersonLink.objects.create(
                        person=person, label=label, url=url, sort_order=order
                    )
            self.note("person", created)
            self.people[data["slug"]] = person
        for data in content.PARTNERS:
            partner, created = Partner.objects.get_or_create(
                name=data["name"],
                defaults={"url": data["url"], "description": data["description"]},
            )
            self.note("partner", created)
            self.partners[data["name"]] = partner
        for data in content.CATEGORIES:
            category, created = Category.objects.get_or_create(
                slug=data["slug"], defaults={"name": data["name"]}
            )
            self.note("category", created)
            self.categories[data["slug"]] = category

    def ensure_synthetic_articles(self, index, count):
        """``count`` generated articles (slug ``article-synthetique-NNNN``)."""
        existing = set(index.get_children().values_list("slug", flat=True))
        for number in range(1, count + 1):
            slug = f"article-synthetique-{number:04d}"
            if slug in existing:
                self.note("synthetic", False)
                continue
            data = synthetic_article(number)
            page = ArticlePage(
                title=data["title"],
                slug=slug,
                standfirst=data["standfirst"],
                hero_image=self.image(data["hero"]),
                body=self.stream(data["body"]),
                publication_date=data["date"],
            )
            page.tags.add(*self.tags(data["tags"]))
            self.publish_new(index, page, data["date"], batch=True)
            self.note("synthetic", True)

    # -- see also -------------------------------------------------------------------

    def ensure_see_also(self):
        """Editors' picks across types, added only to pages that have none yet."""
        for source_key, picks in content.SEE_ALSO:
            source = self.pages[source_key]
            page = type(source).objects.get(pk=source.pk)  # fresh, latest state
            if page.see_also_items.exists():
                self.note("see_also", False)
                continue
            page.see_also_items = [
                SeeAlsoItem(
                    target=self.pages[target_key], label=label, sort_order=order
                )
                for order, (target_key, label) in enumerate(picks)
            ]
            page.save_revision(user=self.user).publish(user=self.user)
            self.note("see_also", True)

    def ensure_podcast_details(self, show):
        """Directory fields and subscribe links of the show; season, people,
        chapters, transcript and linked article of each episode. Applied to a
        page that has none yet, so a second run changes nothing."""
        show = PodcastShowPage.objects.get(pk=show.pk)
        if not show.subscribe_links.exists():
            details = content.PODCAST_DETAILS
            for field in (
                "author",
                "owner_name",
                "owner_email",
                "primary_category",
                "secondary_category",
                "copyright",
            ):
                setattr(show, field, details[field])
            show.subscribe_links = [
                PodcastSubscribeLink(platform=platform, url=url, sort_order=order)
                for order, (platform, url) in enumerate(details["subscribe_links"])
            ]
            show.save_revision(user=self.user).publish(user=self.user)
        people = {
            slug: Person.objects.get_or_create(slug=slug, defaults=data)[0]
            for slug, data in content.PODCAST_PEOPLE.items()
        }
        for slug, data in content.EPISODE_DETAILS.items():
            episode = PodcastEpisodePage.objects.filter(
                pk=self.pages[f"episode:{slug}"].pk
            ).first()
            if episode is None or episode.chapters.exists():
                continue
            episode.season_number = data["season"]
            episode.transcript_text = data.get("transcript", "")
            episode.credits = [
                EpisodePerson(person=people[person], role=role, sort_order=order)
                for order, (person, role) in enumerate(data["people"])
            ]
            episode.chapters = [
                EpisodeChapter(
                    start_time=datetime.timedelta(seconds=start),
                    title=title,
                    sort_order=order,
                )
                for order, (start, title) in enumerate(data["chapters"])
            ]
            episode.save_revision(user=self.user).publish(user=self.user)
            # The articles this episode reads aloud: stored once, on the
            # article's side (editorial.PlayableVersion), after its own pick.
            for article in data["articles"]:
                page = self.pages[f"article:{article}"]
                if not PlayableVersion.objects.filter(
                    page=page, playable=episode
                ).exists():
                    PlayableVersion.objects.create(
                        page=page,
                        playable=episode,
                        sort_order=page.playable_versions.count(),
                    )

    # -- everything ---------------------------------------------------------------------

    def build(self, *, with_user, synthetic_articles):
        if with_user:
            self.ensure_editor()
        home = self.ensure_home()
        if with_user:
            # Page rights on the home page (it may not have existed above).
            ensure_editor_group(home)
        article_index, glossary_index, show = self.ensure_sections(home)
        self.ensure_glossary_entries(glossary_index)
        self.ensure_episodes(show)
        self.ensure_people_partners_categories()
        self.ensure_articles(article_index)
        demo_leads.ensure_demo_event(self, article_index)
        demo_leads.ensure_demo_white_paper(self, home)
        demo_newsletter.ensure_demo_newsletter(self, home)
        demo_footer.ensure_footer_pages(self, home)
        self.flush()
        self.ensure_see_also()
        self.ensure_podcast_details(show)
        if synthetic_articles:
            self.ensure_synthetic_articles(article_index, synthetic_articles)
            self.flush()

    def report(self, *, with_user):
        """What was created and what existed, and the editor's login."""
        builder = self
        if not builder.created:
            self.stdout.write(
                "The demo publication is already loaded: nothing created, existing "
                "pages left as they are."
            )
        elif builder.existing["home"]:
            self.stdout.write(
                self.style.SUCCESS("Demo publication completed (existing pages kept).")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Demo publication loaded."))
        self.stdout.write(
            "                                           created  existing"
        )
        for key, label in SUMMARY_ROWS.items():
            if builder.created[key] or builder.existing[key]:
                self.stdout.write(
                    f"  {label:<40} {builder.created[key]:>7}  {builder.existing[key]:>8}"
                )
        if with_user:
            admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
            note = (
                ""
                if builder.editor_created
                else " (account already existed; password unchanged)"
            )
            self.stdout.write(
                f"Demo editor login (local use only): {EDITOR_USERNAME} / "
                f"{EDITOR_PASSWORD} at {admin_url}{note}"
            )
            self.stdout.write(
                f"Demo administrator login (local use only): {ADMIN_USERNAME} / "
                f"{ADMIN_PASSWORD} at {admin_url}"
            )


def synthetic_article(number):
    """Deterministic filler for benchmarks: title, tags, date and a short body."""
    topic, tags = content.SYNTHETIC_TOPICS[number % len(content.SYNTHETIC_TOPICS)]
    angle = content.SYNTHETIC_ANGLES[
        (number // len(content.SYNTHETIC_TOPICS)) % len(content.SYNTHETIC_ANGLES)
    ]
    topic_cap = topic[0].upper() + topic[1:]
    title = f"{angle.format(topic=topic, topic_cap=topic_cap)} (n° {number})"
    day = datetime.date(2023, 1, 2) + datetime.timedelta(days=(number * 37) % 1090)
    heroes = list(content.IMAGES)[1:]
    return {
        "title": title,
        "tags": tags,
        "date": day,
        "hero": heroes[number % len(heroes)],
        "standfirst": (
            f"Article de démonstration n° {number} sur {topic} : un texte de "
            "remplissage pour mesurer les performances du site."
        ),
        "body": [
            content.h2("Le contexte"),
            content.p(
                f"Ce texte généré parle de {topic}. Il existe pour remplir les listes, "
                "les pages de tags et les panneaux « voir aussi » lors des tests de "
                "charge."
            ),
            content.h3("Ce qu'il faut retenir"),
            content.p(
                "<ul><li>un premier point ;</li><li>un deuxième point ;</li>"
                "<li>un troisième point.</li></ul>"
            ),
            content.quote(
                "Une citation de démonstration, sans autre prétention.",
                attribution="La rédaction",
                source_title="Pressroom",
            ),
        ],
    }
