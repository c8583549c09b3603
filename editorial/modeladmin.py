"""The base of every Pressroom ``ModelAdmin``: listings that accept only the
filters they declare, and that show pages only to those Wagtail's page
permissions let see them.

wagtail-modeladmin applies any query-string parameter its list filters leave
over as a database lookup (``?latest_revision__user__password__startswith=``
is a yes/no oracle on a password hash) and lets anyone who reaches the admin
list every page and read its history. Django's admin refuses such lookups with
a 400; Wagtail's own page listing and history views check page permissions.
"""

from django.contrib.admin.filters import (
    BooleanFieldListFilter,
    ChoicesFieldListFilter,
)
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from wagtail.admin.auth import user_has_any_page_permission
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_modeladmin.helpers import (
    ButtonHelper,
    PageButtonHelper,
    PagePermissionHelper,
)
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import HistoryView, IndexView

BAD_REQUEST_TEMPLATE = "editorial/admin/bad_request.html"
# Each filter's name as a heading ("Show"), not wagtail-modeladmin's bare "By show".
FILTER_TEMPLATE = "editorial/admin/list_filter.html"


class DisallowedListingParameter(SuspiciousOperation):
    """A query-string parameter that no filter, search, paging or ordering of
    the listing declares."""


def bad_request(request, message):
    return TemplateResponse(
        request,
        BAD_REQUEST_TEMPLATE,
        {"message": message, "page_title": _("Bad request")},
        status=400,
    )


class RestrictedIndexView(IndexView):
    """The listing: parameters its filters do not consume are refused, not
    turned into database lookups; a filter value that does not fit is a 400.
    Filters are drawn with ``FILTER_TEMPLATE``."""

    def get_filters(self, request):
        filter_specs, has_filters, lookup_params, use_distinct = super().get_filters(
            request
        )
        for spec in filter_specs:
            if spec.template == "admin/filter.html":
                spec.template = FILTER_TEMPLATE
            # Choice labels are lower case for use mid-sentence ("confirmée");
            # as filter entries under "Tous" they start with a capital.
            # Titles and names (related objects, values) are shown as typed.
            spec.capitalise_choices = isinstance(
                spec, ChoicesFieldListFilter | BooleanFieldListFilter
            )
        if lookup_params:
            raise DisallowedListingParameter(
                _("Filtering by “%(parameter)s” is not allowed.")
                % {"parameter": sorted(lookup_params)[0]}
            )
        return filter_specs, has_filters, lookup_params, use_distinct

    def refused_parameter_message(self, request):
        if self.EXPORT_VAR in request.GET and not self.model_admin.list_export:
            return _("This listing cannot be exported.")
        return None

    def dispatch(self, request, *args, **kwargs):
        message = self.refused_parameter_message(request)
        if message:
            return bad_request(request, message)
        try:
            return super().dispatch(request, *args, **kwargs)
        except DisallowedListingParameter as error:
            return bad_request(request, str(error))
        except IncorrectLookupParameters:
            return bad_request(
                request, _("A filter of this listing was given a value it cannot use.")
            )


class RestrictedHistoryView(HistoryView):
    """A history is shown to whoever may edit or publish the page (as Wagtail's
    page history view decides), or holds a permission on the model."""

    def check_action_permitted(self, user):
        if self.is_pagemodel:
            permissions = self.instance.permissions_for_user(user)
            return permissions.can_edit() or permissions.can_publish()
        return self.permission_helper.user_can_list(user)


class ExplorablePagePermissionHelper(PagePermissionHelper):
    """The listing of a page type opens to users with some page permission,
    like Wagtail's page explorer (others are sent back to the dashboard)."""

    def user_can_list(self, user):
        return user_has_any_page_permission(user)

    def user_can_inspect_obj(self, user, obj):
        return self.inspect_view_enabled and obj.permissions_for_user(user).can_edit()


class WordedButtonsMixin:
    """Buttons that read right in French: wagtail-modeladmin builds "Add
    %(object)s" and "Edit this %(object)s" around the model's name, which
    French cannot do without the noun's gender ("Ajouter un(e) article",
    "Copier ce entrée"). The add button says the admin's
    ``add_button_label`` (else "Add"); each row's buttons name their item in
    their tooltip ("Modifier « ABM »")."""

    def add_button(self, *args, **kwargs):
        button = super().add_button(*args, **kwargs)
        label = getattr(self.view.model_admin, "add_button_label", None) or _("Add")
        button["label"] = button["title"] = label
        return button

    @staticmethod
    def named(button, obj):
        button = dict(button)
        button["title"] = _("%(action)s “%(item)s”") % {
            "action": button["label"],
            "item": obj,
        }
        return button

    def get_buttons_for_obj(self, obj, *args, **kwargs):
        buttons = super().get_buttons_for_obj(obj, *args, **kwargs)
        return [self.named(button, obj) for button in buttons]

    def get_primary_button(self, obj):
        button = super().get_primary_button(obj)
        return self.named(button, obj) if button else button


class PressroomButtonHelper(WordedButtonsMixin, ButtonHelper):
    pass


class PressroomPageButtonHelper(WordedButtonsMixin, PageButtonHelper):
    pass


class PressroomModelAdmin(ModelAdmin):
    """Every Pressroom ``ModelAdmin`` derives from this one."""

    index_view_class = RestrictedIndexView
    history_view_class = RestrictedHistoryView
    # The add button's label, a whole phrase ("Add an article"); "Add" if None.
    add_button_label = None
    # The search field's placeholder, a whole phrase ("Search the glossary");
    # "Search" if None. wagtail-modeladmin's "Search %(name)s" puts the plural
    # name after the verb ("Rechercher entrées du glossaire").
    search_placeholder = None

    def get_index_template(self):
        return self.index_template_name or "editorial/admin/modeladmin_index.html"

    def get_button_helper_class(self):
        if self.button_helper_class:
            return self.button_helper_class
        return PressroomPageButtonHelper if self.is_pagemodel else PressroomButtonHelper

    def get_permission_helper_class(self):
        if self.permission_helper_class:
            return self.permission_helper_class
        if self.is_pagemodel:
            return ExplorablePagePermissionHelper
        return super().get_permission_helper_class()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.is_pagemodel:
            # The same pages as Wagtail's own page listing shows this user.
            explorable = PagePermissionPolicy().explorable_instances(request.user)
            queryset = queryset.filter(pk__in=explorable.values("pk"))
        return queryset

    def instance_pk_or_404(self, instance_pk):
        try:
            self.model._meta.pk.to_python(instance_pk)
        except ValidationError as error:
            raise Http404 from error
        return instance_pk

    def edit_view(self, request, instance_pk):
        return super().edit_view(request, self.instance_pk_or_404(instance_pk))

    def delete_view(self, request, instance_pk):
        return super().delete_view(request, self.instance_pk_or_404(instance_pk))

    def inspect_view(self, request, instance_pk):
        return super().inspect_view(request, self.instance_pk_or_404(instance_pk))

    def history_view(self, request, instance_pk):
        return super().history_view(request, self.instance_pk_or_404(instance_pk))


__all__ = [
    "DisallowedListingParameter",
    "PressroomButtonHelper",
    "PressroomPageButtonHelper",
    "ExplorablePagePermissionHelper",
    "PressroomModelAdmin",
    "RestrictedHistoryView",
    "RestrictedIndexView",
]
