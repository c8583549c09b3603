from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import AudioFile


class AudioFileViewSet(SnippetViewSet):
    model = AudioFile
    icon = "media"
    menu_label = _("Audio files")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "duration_seconds", "file_size", "mime_type", "created_at"]
    search_fields = ["title"]


register_snippet(AudioFileViewSet)
