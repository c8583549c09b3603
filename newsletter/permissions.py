"""Subscriber data only for users holding ``newsletter.view_subscribers``;
previewing and sending digests needs ``newsletter.send_digest``."""

from wagtail_modeladmin.helpers import PermissionHelper

VIEW_SUBSCRIBERS = "newsletter.view_subscribers"
SEND_DIGEST = "newsletter.send_digest"


def can_view_subscribers(user):
    return bool(user and user.is_active and user.has_perm(VIEW_SUBSCRIBERS))


def can_send_digest(user):
    return bool(user and user.is_active and user.has_perm(SEND_DIGEST))


class SubscriberPermissionHelper(PermissionHelper):
    """Every action on subscribers needs the dedicated permission; rows are
    never created by hand (only a confirmed sign-up subscribes)."""

    def user_can_list(self, user):
        return can_view_subscribers(user) and super().user_can_list(user)

    def user_can_inspect_obj(self, user, obj):
        return can_view_subscribers(user) and super().user_can_inspect_obj(user, obj)

    def user_can_edit_obj(self, user, obj):
        return can_view_subscribers(user) and super().user_can_edit_obj(user, obj)

    def user_can_delete_obj(self, user, obj):
        return can_view_subscribers(user) and super().user_can_delete_obj(user, obj)

    def user_can_create(self, user):
        return False


class DigestPermissionHelper(PermissionHelper):
    """Digests: the model permissions and ``send_digest`` for anything."""

    def user_can_list(self, user):
        return can_send_digest(user) and super().user_can_list(user)

    def user_can_create(self, user):
        return can_send_digest(user) and super().user_can_create(user)

    def user_can_edit_obj(self, user, obj):
        return (
            can_send_digest(user)
            and obj.status in ("draft", "scheduled")
            and super().user_can_edit_obj(user, obj)
        )

    def user_can_delete_obj(self, user, obj):
        return (
            can_send_digest(user)
            and obj.status != "sending"
            and super().user_can_delete_obj(user, obj)
        )

    def user_can_inspect_obj(self, user, obj):
        return can_send_digest(user) and super().user_can_inspect_obj(user, obj)
