from django import forms
from django.contrib.admin import SimpleListFilter
from django.contrib.auth.models import Permission
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_modeladmin.options import modeladmin_register

from editorial.choosers import PermittedChooserViewSetMixin, user_may_pick
from editorial.dashboard import PageListPanel
from editorial.modeladmin import PressroomModelAdmin
from podcasts.formats import duration

from .audience import admin_views as audience_admin
from .forms import AudioFileUploadForm
from .models import AudioFile, PodcastEpisodePage, PodcastShowPage


class AudioFileSearchForm(BaseFilterForm):
    """Searches recordings by title, ignoring case."""

    q = forms.CharField(
        label=_("Search"),
        widget=forms.TextInput(attrs={"placeholder": _("Title of the recording")}),
        required=False,
        max_length=100,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(title__icontains=query)
        return objects


class AudioColumnsMixin:
    """Recordings of one show often share a title pattern: their length and
    size tell them apart."""

    @property
    def columns(self):
        return super().columns + [
            Column("duration_display", label=capfirst(_("duration"))),
            Column("size_display", label=capfirst(_("size"))),
        ]


class AudioFileChooserViewSet(PermittedChooserViewSetMixin, SnippetChooserViewSet):
    """Picks a recording, finds one by title, or uploads a new one (the
    "Upload" tab) without leaving the episode."""

    filter_form_class = AudioFileSearchForm
    creation_form_class = AudioFileUploadForm
    creation_tab_label = _("Upload")
    create_action_label = _("Upload")
    create_action_clicked_label = _("Uploading…")

    def _with_form(self, view_class):
        view_class = super()._with_form(view_class)
        return type(view_class.__name__, (AudioColumnsMixin, view_class), {})

    def user_may_choose(self, user):
        return user_may_pick(user, AudioFile)


class AudioFileViewSet(SnippetViewSet):
    model = AudioFile
    # Its own icon: "media" (play) is the episodes'.
    icon = "audio-file"
    menu_label = _("Audio files")
    add_to_admin_menu = True
    menu_order = 250
    list_display = [
        "title",
        Column(
            "duration_display",
            label=capfirst(_("duration")),
            classname="pressroom-nowrap",
        ),
        Column("size_display", label=capfirst(_("size")), classname="pressroom-nowrap"),
        "mime_type",
        "created_at",
    ]
    search_fields = ["title"]
    chooser_viewset_class = AudioFileChooserViewSet

    def get_index_view_kwargs(self, **kwargs):
        # A whole phrase: Wagtail's "Add %(model_name)s" reads "Ajouter un(e)
        # fichier audio" in French.
        return super().get_index_view_kwargs(
            add_item_label=_("Add an audio file"), **kwargs
        )


register_snippet(AudioFileViewSet)


class ShowFilter(SimpleListFilter):
    title = _("show")
    parameter_name = "show"

    def lookups(self, request, model_admin):
        return [(str(show.pk), show.title) for show in PodcastShowPage.objects.all()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        value = self.value()
        show = (
            PodcastShowPage.objects.filter(pk=value).first()
            if value.isdigit()
            else None
        )
        return queryset.child_of(show) if show else queryset.none()


class EpisodeAdmin(PressroomModelAdmin):
    """A flat listing of every episode across shows, for editors."""

    model = PodcastEpisodePage
    menu_label = _("Episodes")
    add_button_label = _("Add an episode")
    search_placeholder = pgettext_lazy("listing search", "Search episodes")
    menu_icon = "media"
    menu_order = 260
    add_to_settings_menu = False
    exclude_from_explorer = False
    list_display = (
        "title",
        "show_title",
        "season_number",
        "episode_number",
        "duration_display",
        "status",
        "publication_date",
    )
    list_filter = (ShowFilter, "season_number", "episode_type", "live")
    search_fields = ("title", "summary")
    ordering = ("-publication_date", "-pk")

    def get_queryset(self, request):
        # The show's title in the same query: the parent's path is the episode's
        # path without its last step.
        parent_path = Substr(
            OuterRef("path"), 1, Length(OuterRef("path")) - PodcastEpisodePage.steplen
        )
        show_title = PodcastShowPage.objects.filter(path=parent_path).values("title")
        return (
            super()
            .get_queryset(request)
            .select_related("audio")
            .annotate(show_title_value=Subquery(show_title[:1]))
        )

    def show_title(self, episode):
        return getattr(episode, "show_title_value", "") or ""

    show_title.short_description = _("show")

    def duration_display(self, episode):
        return duration(episode.duration_seconds)

    duration_display.short_description = _("duration")

    def status(self, episode):
        return episode.status_string

    status.short_description = _("status")


modeladmin_register(EpisodeAdmin)


# -- Podcast audience (Reports → Podcast audience) ------------------------------


class AudienceMenuItem(MenuItem):
    def is_shown(self, request):
        return audience_admin.user_may_view(request.user)


@hooks.register("register_admin_urls")
def register_audience_urls():
    return [
        path(
            "reports/podcast-audience/",
            audience_admin.audience,
            name="podcasts_audience_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_audience_menu_item():
    return AudienceMenuItem(
        _("Podcast audience"),
        reverse("podcasts_audience_report"),
        name="podcast-audience",
        icon_name="view",
        order=900,
    )


@hooks.register("register_permissions")
def register_audience_permission():
    return Permission.objects.filter(
        content_type__app_label="podcasts", codename="view_audience"
    )


def episodes_without_transcript(request):
    return PodcastEpisodePage.objects.filter(
        transcript_document__isnull=True, transcript_text=""
    ).order_by("-latest_revision_created_at", "-pk")


@hooks.register("construct_homepage_panels")
def add_transcript_panel(request, panels):
    panels.append(
        PageListPanel(
            "pressroom_episodes_without_transcript",
            _("Episodes without transcript"),
            episodes_without_transcript,
            order=130,
            empty_text=_("Every episode has its transcript."),
        )
    )


@hooks.register("register_icons")
def register_audio_file_icon(icons):
    return [*icons, "podcasts/icons/audio-file.svg"]
