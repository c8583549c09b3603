"""Settings of the WordPress importer, each with a default, read here only."""

from django.conf import settings

DEFAULTS = {
    # Seconds to wait for an attachment download (when not in --uploads-dir).
    "PRESSROOM_WORDPRESS_DOWNLOAD_TIMEOUT": 10,
    # Largest attachment downloaded, in bytes.
    "PRESSROOM_WORDPRESS_MAX_DOWNLOAD_SIZE": 300_000_000,
    # Largest export uploaded in the admin, in bytes (the command reads any size).
    "PRESSROOM_WORDPRESS_MAX_UPLOAD_SIZE": 500_000_000,
    # Pages written per bulk batch.
    "PRESSROOM_WORDPRESS_BATCH_SIZE": 200,
}


def get_setting(name):
    return getattr(settings, name, DEFAULTS[name])
