"""The glossary-entry chooser used by the rich-text "Glossary term" button."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.viewsets.chooser import ChooserViewSet


class GlossaryEntrySearchForm(BaseFilterForm):
    """Searches terms and alternative forms, ignoring case and accents."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Term or alternative form")}),
        required=False,
        max_length=100,
    )

    def filter(self, objects):
        from glossary.models import normalize_term

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


class GlossaryEntryChooserViewSet(ChooserViewSet):
    model = "glossary.GlossaryEntryPage"
    icon = "list-ul"
    choose_one_text = _("Choose a glossary entry")
    choose_another_text = _("Choose another glossary entry")
    edit_item_text = _("Edit this entry")
    ordering = ["term_key"]
    per_page = 20

    @property
    def choose_view_class(self):
        return _with_filter_form(super().choose_view_class)

    @property
    def choose_results_view_class(self):
        return _with_filter_form(super().choose_results_view_class)


def _with_filter_form(view_class):
    return type(
        view_class.__name__,
        (view_class,),
        {
            "filter_form_class": GlossaryEntrySearchForm,
            "get_object_list": lambda self: (
                self.model_class.objects.all().defer_streamfields().order_by("term_key")
            ),
        },
    )


glossary_entry_chooser_viewset = GlossaryEntryChooserViewSet(
    "glossary_entry_chooser", url_prefix="glossary/chooser"
)
