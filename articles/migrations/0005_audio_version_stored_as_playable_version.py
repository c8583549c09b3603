

import articles.blocks
import editorial.rich_text_features
import wagtail.fields
from django.db import migrations
from django.db.models import F


def copy_audio_versions(apps, schema_editor):
    """Each article's audio episode becomes its first playable version (the
    link podcasts' own migration may have copied from the episode side is
    kept, after it)."""
    ArticlePage = apps.get_model("articles", "ArticlePage")
    PlayableVersion = apps.get_model("editorial", "PlayableVersion")
    pairs = ArticlePage.objects.exclude(audio_episode=None).values_list(
        "pk", "audio_episode_id"
    )
    for article_id, episode_id in pairs:
        links = PlayableVersion.objects.filter(page_id=article_id)
        chosen = links.filter(playable_id=episode_id).first()
        others = links.exclude(pk=chosen.pk) if chosen else links
        others.update(sort_order=F("sort_order") + 1)
        if chosen is None:
            PlayableVersion.objects.create(
                page_id=article_id, playable_id=episode_id, sort_order=0
            )
        else:
            chosen.sort_order = 0
            chosen.save(update_fields=["sort_order"])


def restore_audio_episodes(apps, schema_editor):
    """Back: each article's first playable version is its audio episode
    again (the links stay, the podcasts migration reads them back)."""
    ArticlePage = apps.get_model("articles", "ArticlePage")
    PlayableVersion = apps.get_model("editorial", "PlayableVersion")
    article_ids = set(ArticlePage.objects.values_list("pk", flat=True))
    first = {}
    for page_id, playable_id in PlayableVersion.objects.filter(
        page_id__in=article_ids
    ).order_by("sort_order", "pk").values_list("page_id", "playable_id"):
        first.setdefault(page_id, playable_id)
    for article_id, episode_id in first.items():
        ArticlePage.objects.filter(pk=article_id).update(audio_episode_id=episode_id)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_body_paragraphs_take_glossary_terms'),
        ('editorial', '0004_add_playable_version'),
    ]

    operations = [
        migrations.RunPython(copy_audio_versions, restore_audio_episodes),
        migrations.RemoveField(
            model_name='articlepage',
            name='audio_episode',
        ),
        migrations.AlterField(
            model_name='articlepage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 3), ('paragraph', 4), ('quote', 9), ('image', 14), ('definition', 20), ('embed', 21), ('podcast_episode', 24), ('event', 42), ('call_to_action', 46), ('sponsorship_note', 51), ('related_reading', 55)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'label': 'text', 'max_length': 200}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Heading 2'), ('h3', 'Heading 3'), ('h4', 'Heading 4')], 'label': 'level'}), 2: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. Made from the text when left empty.', 'label': 'anchor', 'max_length': 80, 'required': False}), 3: ('wagtail.blocks.StructBlock', [[('text', 0), ('level', 1), ('anchor', 2)]], {}), 4: ('wagtail.blocks.RichTextBlock', (), {'features': editorial.rich_text_features.LongFormFeatures(), 'icon': 'pilcrow', 'label': 'Paragraph'}), 5: ('wagtail.blocks.TextBlock', (), {'label': 'quotation'}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'attribution', 'max_length': 200, 'required': False}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'source title', 'max_length': 255, 'required': False}), 8: ('wagtail.blocks.URLBlock', (), {'label': 'source URL', 'required': False}), 9: ('wagtail.blocks.StructBlock', [[('text', 5), ('attribution', 6), ('source_title', 7), ('source_url', 8)]], {}), 10: ('wagtail.images.blocks.ImageChooserBlock', (), {'label': 'image'}), 11: ('wagtail.blocks.CharBlock', (), {'help_text': 'Describe the image for readers who cannot see it. Defaults to its title.', 'label': 'alternative text', 'max_length': 255, 'required': False}), 12: ('wagtail.blocks.CharBlock', (), {'label': 'caption', 'max_length': 255, 'required': False}), 13: ('wagtail.blocks.CharBlock', (), {'label': 'credit', 'max_length': 255, 'required': False}), 14: ('wagtail.blocks.StructBlock', [[('image', 10), ('alt_text', 11), ('caption', 12), ('credit', 13)]], {}), 15: ('wagtail.blocks.CharBlock', (), {'label': 'term', 'max_length': 200}), 16: ('wagtail.blocks.CharBlock', (), {'help_text': 'The domain the definition belongs to, e.g. “Biology”.', 'label': 'field', 'max_length': 100, 'required': False}), 17: ('wagtail.blocks.TextBlock', (), {'label': 'definition'}), 18: ('wagtail.blocks.CharBlock', (), {'help_text': 'The dictionary or reference work quoted.', 'label': 'source', 'max_length': 255, 'required': False}), 19: ('editorial.blocks.SafeURLBlock', (), {'label': 'source URL', 'required': False}), 20: ('wagtail.blocks.StructBlock', [[('term', 15), ('field_label', 16), ('definition', 17), ('source', 18), ('source_url', 19)]], {}), 21: ('articles.blocks.ArticleEmbedBlock', (), {'label': 'Embed'}), 22: ('editorial.blocks.PlayableChooserBlock', (), {'label': 'episode'}), 23: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional. A line introducing the episode.', 'label': 'introduction', 'max_length': 255, 'required': False}), 24: ('wagtail.blocks.StructBlock', [[('episode', 22), ('introduction', 23)]], {}), 25: ('wagtail.blocks.CharBlock', (), {'label': 'title', 'max_length': 255}), 26: ('wagtail.blocks.DateBlock', (), {'label': 'start date'}), 27: ('wagtail.blocks.TimeBlock', (), {'help_text': 'Leave empty for an all-day event.', 'label': 'start time', 'required': False}), 28: ('wagtail.blocks.DateBlock', (), {'help_text': 'Leave empty when the event ends on the day it starts.', 'label': 'end date', 'required': False}), 29: ('wagtail.blocks.TimeBlock', (), {'label': 'end time', 'required': False}), 30: ('wagtail.blocks.ChoiceBlock', [], {'choices': articles.blocks.time_zone_choices, 'help_text': 'Required when the event has a start time.', 'label': 'time zone', 'required': False}), 31: ('wagtail.blocks.BooleanBlock', (), {'help_text': 'Held online.', 'label': 'online event', 'required': False}), 32: ('wagtail.blocks.CharBlock', (), {'help_text': 'Venue and city, for an event held in person.', 'label': 'place', 'max_length': 255, 'required': False}), 33: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ul', 'ol'], 'label': 'description', 'required': False}), 34: ('editorial.blocks.PersonChooserBlock', (), {'help_text': 'Optional. Choose a known person, or type a name below.', 'label': 'person', 'required': False}), 35: ('wagtail.blocks.CharBlock', (), {'help_text': "Overrides the chosen person's name.", 'label': 'name', 'max_length': 200, 'required': False}), 36: ('wagtail.blocks.CharBlock', (), {'help_text': "Overrides the chosen person's organisation.", 'label': 'organisation', 'max_length': 200, 'required': False}), 37: ('wagtail.blocks.StructBlock', [[('person', 34), ('name', 35), ('organisation', 36)]], {}), 38: ('wagtail.blocks.ListBlock', (37,), {'default': [], 'label': 'speakers'}), 39: ('wagtail.blocks.CharBlock', (), {'label': 'item', 'max_length': 300}), 40: ('wagtail.blocks.ListBlock', (39,), {'default': [], 'help_text': 'The questions the event will cover, one per item.', 'label': 'questions and agenda'}), 41: ('editorial.blocks.SafeURLBlock', (), {'label': 'registration URL', 'required': False}), 42: ('wagtail.blocks.StructBlock', [[('title', 25), ('start_date', 26), ('start_time', 27), ('end_date', 28), ('end_time', 29), ('time_zone', 30), ('online', 31), ('place', 32), ('description', 33), ('speakers', 38), ('agenda', 40), ('registration_url', 41)]], {}), 43: ('wagtail.blocks.TextBlock', (), {'label': 'text', 'max_length': 500}), 44: ('wagtail.blocks.CharBlock', (), {'label': 'button label', 'max_length': 60}), 45: ('editorial.blocks.SafeURLBlock', (), {'label': 'URL'}), 46: ('wagtail.blocks.StructBlock', [[('text', 43), ('button_label', 44), ('url', 45)]], {}), 47: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('sponsored', 'Sponsored'), ('partnership', 'Partnership'), ('affiliate', 'Affiliate link')], 'label': 'relationship'}), 48: ('wagtail.blocks.CharBlock', (), {'label': 'partner', 'max_length': 200}), 49: ('editorial.blocks.SafeURLBlock', (), {'label': 'partner URL', 'required': False}), 50: ('wagtail.blocks.TextBlock', (), {'help_text': 'What the partnership covers, in a sentence or two.', 'label': 'text', 'max_length': 600}), 51: ('wagtail.blocks.StructBlock', [[('kind', 47), ('partner_name', 48), ('partner_url', 49), ('text', 50)]], {}), 52: ('editorial.blocks.SpecificPageChooserBlock', (), {'label': 'page'}), 53: ('wagtail.blocks.CharBlock', (), {'help_text': "Optional. Shown instead of the page's title.", 'label': 'label', 'max_length': 255, 'required': False}), 54: ('wagtail.blocks.TextBlock', (), {'help_text': "Optional. Shown instead of the page's own teaser.", 'label': 'teaser', 'max_length': 300, 'required': False}), 55: ('wagtail.blocks.StructBlock', [[('page', 52), ('label', 53), ('teaser', 54)]], {})}, verbose_name='body'),
        ),
    ]
