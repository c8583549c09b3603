"""An admin chooser for people (contributors, hosts, guests, speakers).

``PersonChooserBlock`` picks a person in a StreamField; the viewset, registered
in ``wagtail_hooks``, also gives every ``ForeignKey`` to ``Person`` a chooser.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.viewsets.chooser import ChooserViewSet


class PersonChooserViewSet(ChooserViewSet):
    model = "editorial.Person"
    icon = "user"
    choose_one_text = _("Choose a person")
    choose_another_text = _("Choose another person")
    edit_item_text = _("Edit this person")
    form_fields = ["name", "slug", "job_title", "organisation"]
    creation_form_fields = ["name", "slug", "job_title", "organisation"]


person_chooser_viewset = PersonChooserViewSet("person_chooser")
