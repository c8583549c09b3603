

from django.db import migrations
from django.db.models import Max


def copy_linked_articles(apps, schema_editor):
    """Each episode's linked articles become playable versions of those
    articles, after any the article chose itself (no link is lost)."""
    EpisodeLinkedArticle = apps.get_model("podcasts", "EpisodeLinkedArticle")
    PlayableVersion = apps.get_model("editorial", "PlayableVersion")
    for link in EpisodeLinkedArticle.objects.order_by("episode_id", "sort_order", "pk"):
        links = PlayableVersion.objects.filter(page_id=link.page_id)
        if links.filter(playable_id=link.episode_id).exists():
            continue
        last = links.aggregate(last=Max("sort_order"))["last"]
        PlayableVersion.objects.create(
            page_id=link.page_id,
            playable_id=link.episode_id,
            sort_order=0 if last is None else last + 1,
        )


def restore_linked_articles(apps, schema_editor):
    """Back: every playable version that is an episode is a linked article."""
    EpisodeLinkedArticle = apps.get_model("podcasts", "EpisodeLinkedArticle")
    PodcastEpisodePage = apps.get_model("podcasts", "PodcastEpisodePage")
    PlayableVersion = apps.get_model("editorial", "PlayableVersion")
    episode_ids = set(PodcastEpisodePage.objects.values_list("pk", flat=True))
    for link in PlayableVersion.objects.filter(playable_id__in=episode_ids).order_by(
        "sort_order", "pk"
    ):
        EpisodeLinkedArticle.objects.get_or_create(
            episode_id=link.playable_id, page_id=link.page_id
        )


class Migration(migrations.Migration):

    dependencies = [
        ('podcasts', '0003_add_auto_link_terms'),
        ('editorial', '0004_add_playable_version'),
    ]

    operations = [
        migrations.RunPython(copy_linked_articles, restore_linked_articles),
        migrations.DeleteModel(
            name='EpisodeLinkedArticle',
        ),
    ]
