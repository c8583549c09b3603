"""What an import remembers: which Wagtail object each WordPress item became,
and the imports started from the admin."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedObject(models.Model):
    """One WordPress item (post, page, attachment, author...) of one WordPress
    site and the Wagtail object it became. A second import finds it here:
    it updates the object when the item changed, and leaves an object an
    editor changed since alone unless asked to overwrite it."""

    source = models.CharField(
        _("WordPress site"), max_length=255, help_text=_("The export's base site URL.")
    )
    kind = models.CharField(_("kind"), max_length=40)
    wp_id = models.BigIntegerField(_("WordPress id"))
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.BigIntegerField(_("object id"))
    content_hash = models.CharField(_("content hash"), max_length=64)
    # The page revision the import wrote: a later revision is an editor's.
    revision_id = models.BigIntegerField(null=True, blank=True)
    # What the bodies of other items need without loading the object
    # (an attachment's URL, alt text and caption).
    data = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("imported WordPress item")
        verbose_name_plural = _("imported WordPress items")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"], name="wordpress_import_item_unique"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.kind} {self.wp_id}"


class ImportRun(models.Model):
    """An import started from the admin: the uploaded export, its dry-run
    report, its progress and its final report."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("Checking (dry run)")
        CHECKED = "checked", _("Checked (dry run)")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(_("export file"), upload_to="wordpress_imports/")
    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    overwrite = models.BooleanField(_("overwrite edited items"), default=False)
    category_base = models.CharField(
        _("category base"),
        max_length=200,
        blank=True,
        help_text=_(
            "The WordPress site's category base (Settings › Permalinks); "
            "empty: “category”."
        ),
    )
    tag_base = models.CharField(
        _("tag base"),
        max_length=200,
        blank=True,
        help_text=_(
            "The WordPress site's tag base (Settings › Permalinks); empty: “tag”."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CHECKING
    )
    done = models.PositiveIntegerField(_("items done"), default=0)
    total = models.PositiveIntegerField(_("items"), default=0)
    dry_run_report = models.JSONField(_("dry-run report"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("WordPress import")
        verbose_name_plural = _("WordPress imports")
        ordering = ["-created_at"]
        permissions = [("run_import", _("Can import a WordPress export"))]

    def __str__(self):
        return f"{self.file.name} ({self.get_status_display()})"
