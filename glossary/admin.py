"""The editors' flat listing of glossary entries (wagtail-modeladmin)."""

from django.contrib.admin import SimpleListFilter
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex

from editorial.modeladmin import PressroomModelAdmin

from .models import GlossaryEntryPage, GlossaryEntryPageTag

LETTERS = [*"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "#"]


class LetterFilter(SimpleListFilter):
    title = _("letter")
    parameter_name = "letter"

    def lookups(self, request, model_admin):
        # Only the letters some entry the editor may list starts with.
        present = set(
            model_admin.get_queryset(request)
            .order_by()
            .values_list("letter", flat=True)
            .distinct()
        )
        return [(letter, letter) for letter in LETTERS if letter in present]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "#":
            letters = Q()
            for letter in LETTERS[:-1]:
                letters |= Q(term_key__startswith=letter.lower())
            return queryset.exclude(letters)
        if value in LETTERS:
            return queryset.filter(term_key__startswith=value.lower())
        return queryset.none()


class TagFilter(SimpleListFilter):
    title = pgettext_lazy("glossary admin filter", "tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = Tag.objects.filter(
            pk__in=GlossaryEntryPageTag.objects.values("tag_id")
        ).order_by("name")
        return [(tag.slug, tag.name) for tag in tags]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value())
        return queryset


def entry_is_used():
    """Whether another page refers to the entry (Wagtail's reference index:
    a glossary link, a see-also pick, a related entry), as an expression."""
    page_type = ContentType.objects.get_for_model(Page)
    return Exists(
        ReferenceIndex.objects.filter(
            to_content_type=page_type,
            to_object_id=Cast(OuterRef("pk"), CharField()),
        ).exclude(
            base_content_type=page_type,
            object_id=Cast(OuterRef("pk"), CharField()),
        )
    )


class UsageFilter(SimpleListFilter):
    title = _("usage")
    parameter_name = "usage"

    def lookups(self, request, model_admin):
        return [("unused", _("Unused (no page refers to it)")), ("used", _("Used"))]

    def queryset(self, request, queryset):
        if self.value() not in ("unused", "used"):
            return queryset
        used = entry_is_used()
        if self.value() == "unused":
            return queryset.filter(~used)
        return queryset.filter(used)


class GlossaryEntryAdmin(PressroomModelAdmin):
    model = GlossaryEntryPage
    menu_label = _("Glossary entries")
    add_button_label = _("Add an entry")
    search_placeholder = pgettext_lazy("listing search", "Search for a term")
    menu_icon = "glossary-term"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ("title", "alternative_forms_display", "live", "publication_date")
    list_filter = (LetterFilter, TagFilter, UsageFilter)
    search_fields = ("title", "short_definition")
    ordering = ("term_key",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer_streamfields()
            .prefetch_related("alternative_forms")
        )

    def alternative_forms_display(self, entry):
        return ", ".join(form.form for form in entry.alternative_forms.all())

    alternative_forms_display.short_description = _("alternative forms")
