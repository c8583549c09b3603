"""Contact data is shown only to users holding ``contacts.view_contact_data``
(besides the model permissions Wagtail checks)."""

from wagtail_modeladmin.helpers import PermissionHelper

PERMISSION = "contacts.view_contact_data"


def can_view_contact_data(user):
    return bool(user and user.is_active and user.has_perm(PERMISSION))


class ContactDataPermissionHelper(PermissionHelper):
    """Every action of a listing of contact data needs the dedicated
    permission; creating rows by hand is never offered."""

    def user_can_list(self, user):
        return can_view_contact_data(user) and super().user_can_list(user)

    def user_can_inspect_obj(self, user, obj):
        return can_view_contact_data(user) and super().user_can_inspect_obj(user, obj)

    def user_can_edit_obj(self, user, obj):
        return can_view_contact_data(user) and super().user_can_edit_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        return can_view_contact_data(user) and super().user_can_delete_obj(user, obj)

    def user_can_create(self, user):
        return False
