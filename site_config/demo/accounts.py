"""The demo's two accounts, for local use only: an editor who writes and
publishes (pages, images, documents, audio files, contributors, partners,
categories) without administering users or settings, and an administrator."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Site,
)

EDITOR_GROUP = "Rédaction"
EDITOR_USERNAME = "editor"
EDITOR_PASSWORD = "pressroom-demo"
EDITOR_EMAIL = "editor@example.com"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "pressroom-admin"
ADMIN_EMAIL = "admin@example.com"

PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
# Snippets and flat listings editors maintain: (app label, model).
EDITED_MODELS = [
    ("podcasts", "audiofile"),
    ("editorial", "person"),
    ("articles", "partner"),
    ("articles", "category"),
    ("newsletter", "digest"),
]
MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image", "delete_image"],
    "wagtaildocs": [
        "add_document",
        "change_document",
        "choose_document",
        "delete_document",
    ],
}


def ensure_editor_group(home_page=None):
    """The "Rédaction" group: edit and publish the site's home page and every
    page under it, manage images, documents and the publication's other
    content. Its page rights sit on the home page, not the tree root, so an
    editor cannot add a second home page or sections beside the site; an
    older demo's rights at the root are taken back. Without a home page (no
    default site yet) the group gets no page rights until the demo builds one.
    """
    group, _created = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    if home_page is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page")
        home_page = site[0].root_page if site else None
    if home_page is not None and not home_page.is_root():
        GroupPagePermission.objects.filter(group=group, page__depth=1).delete()
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    for app_label, model in EDITED_MODELS:
        try:
            content_type = ContentType.objects.get(app_label=app_label, model=model)
        except ContentType.DoesNotExist:  # an app this site does not install
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type=content_type,
                codename__in=[
                    f"{action}_{model}"
                    for action in ("add", "change", "delete", "view")
                ],
            )
        )
    # Digests: preview, test to oneself, send; subscriber data stays with
    # those holding newsletter.view_subscribers.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="newsletter", codename="send_digest"
        )
    )
    root_collection = Collection.get_first_root_node()
    for app_label, codenames in MEDIA_PERMISSIONS.items():
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


def ensure_accounts(home_page=None):
    """The editor (in the "Rédaction" group, never a superuser: an older demo's
    superuser "editor" loses that status) and the administrator. Passwords
    of existing accounts are left as they are. Returns which were created.
    ``home_page`` defaults to the default site's root page."""
    user_model = get_user_model()
    group = ensure_editor_group(home_page)
    editor = user_model.objects.filter(username=EDITOR_USERNAME).first()
    editor_created = editor is None
    if editor_created:
        editor = user_model.objects.create_user(
            EDITOR_USERNAME, EDITOR_EMAIL, EDITOR_PASSWORD
        )
    if editor.is_superuser or editor.is_staff:
        editor.is_superuser = editor.is_staff = False
        editor.save(update_fields=["is_superuser", "is_staff"])
    editor.groups.add(group)
    admin_created = not user_model.objects.filter(username=ADMIN_USERNAME).exists()
    if admin_created:
        user_model.objects.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, ADMIN_PASSWORD)
    return editor, {"editor": editor_created, "admin": admin_created}


# Wagtail's migrations name its default workflow and task in English; the
# demo's admin is French. Wagtail's buttons say "Soumettre à %(workflow_name)s"
# and "Resoumettre à %(task_name)s", so the name reads on after "à", in lower
# case: "Soumettre à validation par la rédaction". The demo's older French
# name (capitalised: "Soumettre à Validation par la rédaction") is renamed too.
WORKFLOW_NAME = "validation par la rédaction"
WORKFLOW_OLD_NAMES = ["Moderators approval", "Validation par la rédaction"]


def name_workflow_in_french():
    from wagtail.models import Task, Workflow

    Workflow.objects.filter(name__in=WORKFLOW_OLD_NAMES).update(name=WORKFLOW_NAME)
    Task.objects.filter(name__in=WORKFLOW_OLD_NAMES).update(name=WORKFLOW_NAME)
