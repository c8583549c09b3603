"""Admin wiring: the "Publication" menu with people, partners, categories and
a flat, filterable listing of every article."""

from django.contrib.admin import RelatedFieldListFilter
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import hooks
from wagtail_modeladmin.options import ModelAdminGroup, modeladmin_register

from articles.models import ArticlePage, Category, Partner
from editorial.dashboard import PageListPanel
from editorial.modeladmin import PressroomModelAdmin
from editorial.models import Person


class PersonAdmin(PressroomModelAdmin):
    model = Person
    menu_label = _("Contributors")
    menu_icon = "user"
    list_display = ("name", "job_title", "organisation")
    search_fields = ("name", "organisation", "job_title")
    ordering = ("name",)


class PartnerAdmin(PressroomModelAdmin):
    model = Partner
    menu_icon = "link-external"
    list_display = ("name", "url")
    search_fields = ("name", "description")


class CategoryAdmin(PressroomModelAdmin):
    model = Category
    menu_icon = "grid"
    list_display = ("name", "slug")
    search_fields = ("name",)


class KeywordFilter(RelatedFieldListFilter):
    """The tag filter, titled with the publication's word for tags ("mot-clé",
    where taggit's own field says "tag")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = pgettext_lazy("article admin filter", "tag")


class CategoryFilter(RelatedFieldListFilter):
    """The category filter, whose choice for articles without one says so
    ("Sans catégorie") instead of the listing's empty-value dash."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = _("No category")


class ArticleAdmin(PressroomModelAdmin):
    """Every article in one flat list, whatever its place in the page tree."""

    model = ArticlePage
    menu_label = _("All articles")
    add_button_label = _("Add an article")
    search_placeholder = pgettext_lazy("listing search", "Search articles")
    menu_icon = "doc-full"
    list_display = ("title", "category", "publication_date", "live", "status")
    list_filter = (
        ("category", CategoryFilter),
        "live",
        ("tagged_items__tag", KeywordFilter),
        "contributors__person",
    )
    search_fields = ("title", "standfirst")
    ordering = ("-publication_date",)
    list_per_page = 50

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer_streamfields()
            .select_related("category")
            .distinct()
        )

    def status(self, article):
        return article.status_string

    status.short_description = _("status")


class PublicationGroup(ModelAdminGroup):
    menu_label = _("Publication")
    # Not Documents' "doc-full-inverse", nor Pages' folder.
    menu_icon = "edit"
    menu_order = 250
    items = (ArticleAdmin, PersonAdmin, PartnerAdmin, CategoryAdmin)


modeladmin_register(PublicationGroup)


def articles_to_complete(request):
    """Articles without hero image, or without any description for search
    engines and cards (neither a meta description nor a standfirst)."""
    return ArticlePage.objects.filter(
        Q(hero_image__isnull=True) | Q(search_description="", standfirst="")
    ).order_by("-latest_revision_created_at", "-pk")


@hooks.register("construct_homepage_panels")
def add_articles_to_complete_panel(request, panels):
    panels.append(
        PageListPanel(
            "pressroom_articles_to_complete",
            _("Articles without image or description"),
            articles_to_complete,
            order=150,
            empty_text=_("Every article has its image and description."),
        )
    )
