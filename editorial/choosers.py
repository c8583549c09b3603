"""Admin choosers that show only what the user may pick, and refuse query
parameters they do not read.

``PersonChooserBlock`` picks a person in a StreamField; the viewset, registered
in ``wagtail_hooks``, also gives every ``ForeignKey`` to ``Person`` a chooser.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.permission_policies import ModelPermissionPolicy

# Wagtail's chooser views read these besides their filter form's fields:
# pagination ("p") and the ids of a multiple choice ("id").
CHOOSER_QUERY_PARAMETERS = frozenset({"p", "id"})


class PermittedChooserViewMixin:
    """Runs every chooser view through its viewset's rules: who may open it,
    which objects it lists or returns, which parameters it accepts."""

    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.user_may_choose(request.user):
            raise PermissionDenied
        unknown = sorted(set(request.GET) - self.viewset.accepted_query_parameters)
        if unknown:
            return HttpResponseBadRequest(
                gettext("This chooser does not accept the parameter “%(parameter)s”.")
                % {"parameter": unknown[0]},
                content_type="text/plain; charset=utf-8",
            )
        return super().dispatch(request, *args, **kwargs)

    def choosable(self):
        return self.viewset.get_choosable_queryset(self.request)

    def get_object_list(self):
        return self.choosable()

    def get_object(self, pk):
        return self.choosable().get(pk=pk)

    def get_objects(self, pks):
        return self.choosable().filter(pk__in=pks)

    def can_create(self):
        return self.viewset.creation_allowed and super().can_create()


def _permitted(view_class):
    return type(view_class.__name__, (PermittedChooserViewMixin, view_class), {})


class PermittedChooserViewSetMixin:
    """Makes a chooser viewset's views check ``user_may_choose`` and list only
    ``get_choosable_queryset``."""

    creation_allowed = True
    filter_form_class = None

    def user_may_choose(self, user):
        raise NotImplementedError

    def get_choosable_queryset(self, request):
        return self.model_class.objects.all()

    @property
    def model_class(self):
        from django.apps import apps

        return apps.get_model(self.model) if isinstance(self.model, str) else self.model

    @property
    def accepted_query_parameters(self):
        form_fields = (
            set(self.filter_form_class.base_fields) if self.filter_form_class else {"q"}
        )
        return (
            CHOOSER_QUERY_PARAMETERS
            | form_fields
            | set(self.preserve_url_parameters)
            | set(self.url_filter_parameters)
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(viewset=self, **kwargs)

    def _with_form(self, view_class):
        view_class = _permitted(view_class)
        if self.filter_form_class:
            view_class.filter_form_class = self.filter_form_class
        return view_class

    @property
    def choose_view_class(self):
        return self._with_form(super().choose_view_class)

    @property
    def choose_results_view_class(self):
        return self._with_form(super().choose_results_view_class)

    @property
    def chosen_view_class(self):
        return _permitted(super().chosen_view_class)

    @property
    def chosen_multiple_view_class(self):
        return _permitted(super().chosen_multiple_view_class)

    @property
    def create_view_class(self):
        return _permitted(super().create_view_class)


class PermittedChooserViewSet(PermittedChooserViewSetMixin, ChooserViewSet):
    pass


def user_may_pick(user, model):
    """Objects picked in page forms (people, audio files) may be picked by
    whoever may edit some page, and by whoever manages such objects."""
    return user_has_any_page_permission(user) or ModelPermissionPolicy(
        model
    ).user_has_any_permission(user, ["add", "change", "delete", "view"])


class PersonChooserViewSet(PermittedChooserViewSet):
    model = "editorial.Person"
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    edit_item_text = _("Edit this person")
    form_fields = ["name", "slug", "job_title", "organisation"]
    creation_form_fields = ["name", "slug", "job_title", "organisation"]

    def user_may_choose(self, user):
        return user_may_pick(user, self.model_class)


person_chooser_viewset = PersonChooserViewSet("person_chooser")
