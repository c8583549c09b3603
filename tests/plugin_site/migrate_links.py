"""Run in a subprocess with tests.plugin_site.settings (all apps): migrates a
fresh database to just before the article–episode link moved to
``editorial.PlayableVersion``, stores links both old ways, migrates forward
and prints the links found, as JSON; then migrates back and prints the old
links restored."""

import json
import sys
import uuid

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402

BEFORE = [
    ("editorial", "0003_related_candidates"),
    ("articles", "0004_body_paragraphs_take_glossary_terms"),
    ("podcasts", "0003_add_auto_link_terms"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def leaf(app):
    executor = MigrationExecutor(connection)
    return (app, executor.loader.graph.leaf_nodes(app)[0][1])


apps = migrate(BEFORE)
ContentType = apps.get_model("contenttypes", "ContentType")
Locale = apps.get_model("wagtailcore", "Locale")
locale = Locale.objects.get_or_create(language_code="fr")[0]
counter = iter(range(100, 200))  # after the pages Wagtail migrations create


def page(app, model, title, **fields):
    Model = apps.get_model(app, model)
    content_type = ContentType.objects.get_or_create(
        app_label=app, model=model.lower()
    )[0]
    return Model.objects.create(
        title=title,
        draft_title=title,
        slug=title.lower(),
        path=f"0001{next(counter):04d}",
        depth=2,
        numchild=0,
        live=True,
        content_type=content_type,
        locale=locale,
        translation_key=uuid.uuid4(),
        url_path=f"/{title.lower()}/",
        **fields,
    )


audio = apps.get_model("podcasts", "AudioFile").objects.create(
    title="son",
    file="son.mp3",
    duration_seconds=60,
    file_size=1000,
    mime_type="audio/mpeg",
)
e1 = page("podcasts", "PodcastEpisodePage", "E1", audio=audio)
e2 = page("podcasts", "PodcastEpisodePage", "E2", audio=audio)
# First: its own audio version E1, and E2 says it reads First too.
first = page("articles", "ArticlePage", "First", audio_episode_id=e1.pk)
# Second: picked E2 on both sides. Third: linked from E1's side only.
second = page("articles", "ArticlePage", "Second", audio_episode_id=e2.pk)
third = page("articles", "ArticlePage", "Third")
Linked = apps.get_model("podcasts", "EpisodeLinkedArticle")
Linked.objects.create(episode_id=e2.pk, page_id=first.pk, sort_order=0)
Linked.objects.create(episode_id=e2.pk, page_id=second.pk, sort_order=1)
Linked.objects.create(episode_id=e1.pk, page_id=third.pk, sort_order=0)

names = {p.pk: p.title for p in (e1, e2, first, second, third)}
apps = migrate([leaf("editorial"), leaf("articles"), leaf("podcasts")])
Version = apps.get_model("editorial", "PlayableVersion")
forward = [
    [names[v.page_id], names[v.playable_id]]
    for v in Version.objects.order_by("page_id", "sort_order", "pk")
]
apps = migrate(BEFORE)
Article = apps.get_model("articles", "ArticlePage")
Linked = apps.get_model("podcasts", "EpisodeLinkedArticle")
backward = {
    "audio_episode": {
        a.title: names.get(a.audio_episode_id) for a in Article.objects.order_by("pk")
    },
    "linked": sorted(
        [names[link.page_id], names[link.episode_id]] for link in Linked.objects.all()
    ),
}
json.dump(
    {"vendor": connection.vendor, "forward": forward, "backward": backward},
    sys.stdout,
)
