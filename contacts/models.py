"""Contacts: one record per e-mail address, what they did, what they agreed
to, and the deliveries of their data to CRMs."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalise_email(address):
    """The form under which an address is stored: trimmed, lower-cased (the
    local part too: mail providers treat it case-insensitively in practice)."""
    return (address or "").strip().lower()


class ContactQuerySet(models.QuerySet):
    def get_or_create_for(self, email, **details):
        """The contact of ``email`` (normalised), its blank details filled in
        from ``details`` and its given ones updated."""
        contact, created = self.get_or_create(email=normalise_email(email))
        changed = [
            name
            for name, value in details.items()
            if value and getattr(contact, name) != value
        ]
        for name in changed:
            setattr(contact, name, details[name])
        if changed:
            contact.save(update_fields=[*changed, "updated_at"])
        return contact


class Contact(models.Model):
    """A person who gave their e-mail address (event registration, download,
    newsletter): one record per address."""

    email = models.EmailField(_("e-mail address"), unique=True, max_length=254)
    name = models.CharField(_("name"), max_length=200, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-created_at"]
        permissions = [
            ("view_contact_data", _("Can view contact data (names, e-mails)")),
        ]

    def __str__(self):
        # Never the address: strings of objects reach logs and admin messages.
        return _("Contact #%(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


class Interaction(models.Model):
    """Something a contact did: registered, downloaded, subscribed; with the
    page and the UTM parameters of the visit."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    page_id = models.PositiveIntegerField(_("page id"), null=True, blank=True)
    url = models.URLField(_("page URL"), max_length=1000, blank=True)
    utm_source = models.CharField(max_length=200, blank=True)
    utm_medium = models.CharField(max_length=200, blank=True)
    utm_campaign = models.CharField(max_length=200, blank=True)
    utm_term = models.CharField(max_length=200, blank=True)
    utm_content = models.CharField(max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"


class Consent(models.Model):
    """A consent given: the exact text shown, its version, when, for what."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=50, db_index=True)
    text = models.TextField(_("text shown"))
    version = models.CharField(_("version"), max_length=50)
    language = models.CharField(_("language"), max_length=10, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    url = models.URLField(_("page URL"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.purpose} v{self.version} #{self.pk}"


class WebhookEndpoint(models.Model):
    """A CRM address receiving each new lead as a signed JSON POST."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), help_text=_("HTTPS address of the CRM's hook."))
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("Shared secret of the HMAC-SHA256 signature."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("CRM webhook")
        verbose_name_plural = _("CRM webhooks")

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One lead sent (or being sent) to one webhook: its attempts and outcome."""

    PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
    STATUS_CHOICES = [
        (PENDING, _("pending")),
        (DELIVERED, _("delivered")),
        (FAILED, _("failed")),
    ]

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="webhook_deliveries"
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.SET_NULL, null=True, blank=True
    )
    url = models.URLField(_("URL"), max_length=1000)
    event = models.CharField(_("event"), max_length=50)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_status_code = models.PositiveIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.event} → {self.url} ({self.status})"
