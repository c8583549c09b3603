"""Load the Pressroom demo publication: a small French B2B marketing magazine.

Builds, under a HomePage made the root of the default site, an article index,
a glossary and a podcast show, then articles, glossary entries (with their
alternative forms) and podcast episodes (audio read from the MP3 files in
``site_config/demo/audio``), all sharing one tag vocabulary and linked by
inline links and "see also" picks. Images are drawn with Pillow.

The words live in ``site_config/demo/content.py``; this module only builds.

Idempotent: a page whose slug already exists under its parent is left as it
is, an image or audio file with the same title is reused, see-also picks are
added only to pages that have none, and the demo editor account is created
only when missing. Run it twice: the second run creates nothing.

    manage.py load_demo_publication [--no-user] [--articles N]
"""

import datetime
import io
import json
import math
import random
import re
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from articles.models import (
    ArticleContributor,
    ArticleIndexPage,
    ArticlePage,
    Category,
    Partner,
)
from editorial.bulk import deferred_indexing
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
from site_config.models import HomePage

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
AUDIO_DIR = DEMO_DIR / "audio"

EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "pressroom-demo"
EDITOR_EMAIL = "editor@example.com"

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
}


def parse_date(value):
    return datetime.date.fromisoformat(value)


def publication_datetime(day):
    """9:00 local time on the publication day (for first_published_at)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


# -- images ------------------------------------------------------------------


def _font(size):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size=size)


def _gradient(size, top, bottom):
    """A vertical gradient from ``top`` to ``bottom`` (RGB tuples)."""
    width, height = size
    img = PILImage.new("RGB", size, top)
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    return img


def _rgb(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


def _darker(rgb, factor=0.55):
    return tuple(round(c * factor) for c in rgb)


def _draw_network(draw, size, base, accent, light, rng):
    width, height = size
    nodes = [
        (rng.randint(60, width - 60), rng.randint(60, height - 60)) for _ in range(18)
    ]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if math.dist(a, b) < width / 4:
                draw.line([a, b], fill=light, width=3)
    for x, y in nodes:
        r = rng.randint(10, 26)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=accent, outline=light, width=3)


def _draw_circles(draw, size, base, accent, light, rng):
    width, height = size
    cx, cy = width // 2, height // 2
    for r in range(height // 2, 20, -45):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=light, width=4)
    for _ in range(7):
        angle, dist = rng.uniform(0, 2 * math.pi), rng.uniform(0, height / 2.4)
        x, y = cx + dist * math.cos(angle), cy + dist * math.sin(angle)
        draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill=accent)


def _draw_waves(draw, size, base, accent, light, rng):
    width, height = size
    for n in range(6):
        amplitude, offset = 20 + n * 14, height * (0.2 + n * 0.12)
        points = [
            (x, offset + amplitude * math.sin(x / (60 + n * 15) + n))
            for x in range(0, width + 10, 10)
        ]
        draw.line(points, fill=accent if n % 2 else light, width=5)


def _draw_bars(draw, size, base, accent, light, rng):
    width, height = size
    count, margin = 12, 80
    step = (width - 2 * margin) / count
    for i in range(count):
        top = height - margin - rng.randint(height // 6, height - 2 * margin)
        x0 = margin + i * step + 8
        fill = accent if i % 3 == 0 else light
        draw.rectangle([x0, top, x0 + step - 16, height - margin], fill=fill)
    baseline = height - margin
    draw.line([(margin, baseline), (width - margin, baseline)], fill=light, width=4)


def _draw_grid(draw, size, base, accent, light, rng):
    width, height = size
    cols, rows, gap = 5, 3, 24
    cell_w = (width - gap * (cols + 1)) / cols
    cell_h = (height - gap * (rows + 1)) / rows
    for row in range(rows):
        for col in range(cols):
            x0, y0 = gap + col * (cell_w + gap), gap + row * (cell_h + gap)
            fill = accent if rng.random() < 0.3 else light
            draw.rounded_rectangle(
                [x0, y0, x0 + cell_w, y0 + cell_h], radius=18, fill=fill
            )
            cx, cy = x0 + cell_w / 2, y0 + cell_h / 2.2
            draw.ellipse([cx - 22, cy - 22, cx + 22, cy + 22], fill=base)


def _draw_podcast(draw, size, base, accent, light, rng):
    """Square show artwork: sound rings, a microphone and the show's name."""
    width, height = size
    cx, cy = width // 2, int(height * 0.42)
    for r in range(520, 140, -90):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=accent, width=10)
    draw.rounded_rectangle([cx - 70, cy - 190, cx + 70, cy + 60], radius=70, fill=light)
    draw.arc([cx - 120, cy - 90, cx + 120, cy + 130], 0, 180, fill=light, width=16)
    draw.line([(cx, cy + 130), (cx, cy + 200)], fill=light, width=16)
    draw.text((cx, height - 300), "Pressroom", font=_font(120), fill=light, anchor="mm")
    draw.text(
        (cx, height - 170),
        "le podcast du marketing B2B",
        font=_font(64),
        fill=accent,
        anchor="mm",
    )


MOTIFS = {
    "network": _draw_network,
    "circles": _draw_circles,
    "waves": _draw_waves,
    "bars": _draw_bars,
    "grid": _draw_grid,
    "podcast": _draw_podcast,
}


def draw_image(key, spec):
    """Draw one demo illustration (a PIL image); deterministic per key."""
    base, accent, light = (_rgb(c) for c in spec["colors"])
    img = _gradient(spec["size"], base, _darker(base))
    MOTIFS[spec["motif"]](
        ImageDraw.Draw(img), spec["size"], base, accent, light, random.Random(key)
    )
    return img


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
        self.editor_created = False
        self.known_refs = {f"glossary:{e['slug']}" for e in content.GLOSSARY}
        self.known_refs |= {f"episode:{e['slug']}" for e in content.EPISODES}
        self.known_refs |= {f"article:{a['slug']}" for a in content.ARTICLES}

    def note(self, kind, created):
        (self.created if created else self.existing)[kind] += 1

    # -- generic helpers ------------------------------------------------------

    def publish_new(self, parent, page, day=None):
        """Add ``page`` under ``parent`` and publish it (a revision, live)."""
        if day is not None:
            page.first_published_at = publication_datetime(day)
        parent.add_child(instance=page)  # validates the page (full_clean)
        # Validated just above: the revision need not run full_clean again.
        page.save_revision(user=self.user, clean=False).publish(user=self.user)
        return page

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

    def ensure_child(self, parent, model, slug, build, kind, day=None):
        """The child of ``parent`` with ``slug``, created with ``build()`` if missing."""
        page = self.find_child(parent, model, slug)
        created = page is None
        if created:
            page = build()
            page.slug = slug
            self.publish_new(parent, page, day)
        self.note(kind, created)
        return page

    def rich_text(self, html):
        """Turn ``<a ref="kind:slug">`` into Wagtail page links (see content.py)."""

        def replace(match):
            key, text = match["key"], match["text"]
            if key not in self.known_refs:
                raise CommandError(f"Unknown link target '{key}' in the demo content.")
            page = self.pages.get(key)
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
        page = self.pages.get(key)
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
            buffer = io.BytesIO()
            draw_image(key, spec).save(buffer, format="PNG", optimize=True)
            data = buffer.getvalue()
            image = image_model(
                title=spec["title"],
                file=ImageFile(io.BytesIO(data), name=f"demo-{key}.png"),
                file_size=len(data),
            )
            image.save()
        self.note("image", created)
        self.images[key] = image
        return image

    def audio_file(self, title, filename):
        """An AudioFile for a demo MP3; duration, size and type come from the file."""
        audio = AudioFile.objects.filter(title=title).first()
        created = audio is None
        if created:
            path = AUDIO_DIR / filename
            if not path.exists():
                raise CommandError(f"Missing demo audio file {path}.")
            with path.open("rb") as handle:
                audio = AudioFile(title=title, file=File(handle, name=filename))
                audio.save()  # reads duration, size and MIME type with mutagen
        self.note("audio", created)
        return audio

    # -- editor account -------------------------------------------------------------

    def ensure_editor(self):
        """The local demo superuser; created only if missing (password untouched)."""
        user_model = get_user_model()
        user = user_model.objects.filter(username=EDITOR_USERNAME).first()
        if user is None:
            user = user_model.objects.create_superuser(
                EDITOR_USERNAME, EDITOR_EMAIL, EDITOR_PASSWORD
            )
            self.editor_created = True
        else:
            self.editor_created = False
        self.note("editor", self.editor_created)
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
        page.tags.add(*data["tags"])
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
            )

    def build_episode(self, data):
        audio_title = f"{content.PODCAST_SHOW['title']} — épisode {data['number']}"
        page = PodcastEpisodePage(
            title=data["title"],
            audio=self.audio_file(audio_title, data["audio"]),
            episode_number=data["number"],
            summary=data["summary"],
            show_notes=self.rich_text(data["show_notes"]),
            publication_date=parse_date(data["date"]),
        )
        page.tags.add(*data["tags"])
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
        page.tags.add(*data["tags"])
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
            page.tags.add(*data["tags"])
            self.publish_new(index, page, data["date"])
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
        article_index, glossary_index, show = self.ensure_sections(home)
        self.ensure_glossary_entries(glossary_index)
        self.ensure_episodes(show)
        self.ensure_people_partners_categories()
        self.ensure_articles(article_index)
        self.ensure_see_also()
        self.ensure_podcast_details(show)
        if synthetic_articles:
            self.ensure_synthetic_articles(article_index, synthetic_articles)


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


class Command(BaseCommand):
    help = (
        "Load the demo publication (home page, articles, glossary, podcast, tags, "
        "see-also picks) and a local demo editor account. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-user",
            action="store_true",
            help="Do not create the demo editor account.",
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            metavar="N",
            help="Also generate N synthetic articles (for benchmarks). Default: 0.",
        )

    def handle(self, *args, no_user=False, articles=0, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or a positive number.")
        builder = DemoBuilder(self.stdout, self.style)
        # Each page indexed once at the end (search and references), not at
        # each of the three saves that create and publish it.
        with transaction.atomic(), deferred_indexing():
            builder.build(with_user=not no_user, synthetic_articles=articles)
        self.report(builder, with_user=not no_user)

    def report(self, builder, *, with_user):
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
