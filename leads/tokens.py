"""Signed links and cookies of gated resources."""

from django.core import signing

from leads.conf import get_setting

DOWNLOAD_SALT = "leads.resource.download"
READER_SALT = "leads.reader"
READER_COOKIE = "pressroom_reader"


def download_token(page, contact):
    return signing.dumps({"p": page.pk, "c": contact.pk}, salt=DOWNLOAD_SALT)


def read_download_token(token):
    """``(page id, contact id)`` of a valid, unexpired link, else None."""
    try:
        data = signing.loads(
            token,
            salt=DOWNLOAD_SALT,
            max_age=get_setting("PRESSROOM_DOWNLOAD_LINK_MAX_AGE"),
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), int) for k in "pc"
    ):
        return None
    return data["p"], data["c"]


def remember_reader(response, contact):
    days = get_setting("PRESSROOM_READER_MEMORY_DAYS")
    if days:
        response.set_signed_cookie(
            READER_COOKIE,
            str(contact.pk),
            salt=READER_SALT,
            max_age=days * 86400,
            httponly=True,
            samesite="Lax",
            secure=False,
        )


def remembered_contact_id(request):
    days = get_setting("PRESSROOM_READER_MEMORY_DAYS")
    if not days:
        return None
    value = request.get_signed_cookie(
        READER_COOKIE, default=None, salt=READER_SALT, max_age=days * 86400
    )
    return int(value) if value and value.isdigit() else None
