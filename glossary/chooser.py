"""The glossary-entry chooser used by the rich-text "Glossary term" button."""

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.pages import PagePermissionPolicy

from editorial.choosers import PermittedChooserViewSet


class GlossaryEntrySearchForm(BaseFilterForm):
    """Searches terms and alternative forms, ignoring case and accents."""

    q = forms.CharField(
        label=pgettext_lazy("glossary chooser", "Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Term or alternative form")}),
        required=False,
        max_length=100,
    )

    def filter(self, objects):
        from glossary.models.terms import normalize_term

        objects = super().filter(objects)
        query = normalize_term(self.cleaned_data.get("q") or "")
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(
                Q(term_key__contains=query)
                | Q(alternative_forms__form_key__contains=query)
            ).distinct()
        return objects


class EntryColumnsMixin:
    """The chooser tells entries apart by what they mean and how else they
    are written, not by the term alone."""

    @property
    def columns(self):
        return super().columns + [
            Column(
                "short_definition",
                label=capfirst(_("short definition")),
                accessor="short_definition",
            ),
            Column(
                "alternative_forms",
                label=capfirst(_("alternative forms")),
                accessor=lambda entry: ", ".join(entry.alternative_form_list),
            ),
        ]


class GlossaryEntryChooserViewSet(PermittedChooserViewSet):
    """Lists the entries a link may point at: live and public ones, and those
    the editor may edit (a draft entry about to be published)."""

    model = "glossary.GlossaryEntryPage"
    icon = "glossary-term"
    choose_one_text = _("Choose a glossary entry")
    choose_another_text = _("Choose another glossary entry")
    edit_item_text = _("Edit this entry")
    ordering = ["term_key"]
    per_page = 20
    filter_form_class = GlossaryEntrySearchForm
    # Entries are pages: they are created in the page tree, not in a modal.
    creation_allowed = False

    def _with_form(self, view_class):
        view_class = super()._with_form(view_class)
        return type(view_class.__name__, (EntryColumnsMixin, view_class), {})

    def user_may_choose(self, user):
        return user_has_any_page_permission(user)

    def get_choosable_queryset(self, request):
        entries = self.model_class.objects.all()
        public = entries.live().public().values("pk")
        editable = PagePermissionPolicy().instances_user_has_any_permission_for(
            request.user, {"change", "publish"}
        )
        return (
            entries.filter(Q(pk__in=public) | Q(pk__in=editable.values("pk")))
            .defer_streamfields()
            .prefetch_related("alternative_forms")
            .order_by("term_key")
        )


glossary_entry_chooser_viewset = GlossaryEntryChooserViewSet(
    "glossary_entry_chooser", url_prefix="glossary/chooser"
)
