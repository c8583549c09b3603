"""The editor's form of a glossary entry."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from .terms import normalize_term


class GlossaryEntryForm(WagtailAdminPageForm):
    """Refuses a term or alternative form another live entry of the site owns."""

    def clean(self):
        cleaned_data = super().clean()
        keys = {}
        title = cleaned_data.get("title")
        if title:
            keys[normalize_term(title)] = ("title", title)
        formset = self.formsets.get("alternative_forms")
        if formset is not None:
            for form in formset.forms:
                # The parent form is cleaned before its formsets: clean each now.
                if not form.is_valid():
                    continue
                data = form.cleaned_data
                value = data.get("form")
                if not value or data.get("DELETE"):
                    continue
                key = normalize_term(value)
                if key in keys:
                    form.add_error(
                        "form",
                        _("“%(form)s” is already a form of this entry.")
                        % {"form": value},
                    )
                    continue
                keys[key] = (form, value)
        if not keys:
            return cleaned_data
        clashes = self.instance.entries_owning(
            keys, site_root=self._site_root(), exclude_pk=self.instance.pk
        )
        for key, other in clashes.items():
            target, value = keys[key]
            message = _(
                "“%(value)s” already belongs to the glossary entry “%(entry)s”."
            ) % {"value": value, "entry": other.title}
            if target == "title":
                self.add_error("title", message)
            else:
                target.add_error("form", message)
        return cleaned_data

    def _site_root(self):
        page = self.parent_page or (
            self.instance.get_parent() if self.instance.pk else None
        )
        if page is None:
            return None
        site = page.get_site()
        return site.root_page if site else None
