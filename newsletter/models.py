"""Subscriptions (one per contact), digests and their per-recipient
deliveries, and the sign-up page."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

WEEKLY, MONTHLY = "weekly", "monthly"
FREQUENCY_CHOICES = [(WEEKLY, _("weekly")), (MONTHLY, _("monthly"))]


class Subscription(models.Model):
    """A contact's subscription: status, frequency, topics (tags) or
    everything, and where and when it was asked for and confirmed."""

    PENDING, ACTIVE, UNSUBSCRIBED = "pending", "active", "unsubscribed"
    STATUS_CHOICES = [
        (PENDING, _("pending confirmation")),
        (ACTIVE, _("active")),
        (UNSUBSCRIBED, _("unsubscribed")),
    ]

    contact = models.OneToOneField(
        "contacts.Contact", on_delete=models.CASCADE, related_name="subscription"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=PENDING
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=FREQUENCY_CHOICES, default=WEEKLY
    )
    all_topics = models.BooleanField(_("every topic"), default=True)
    topics = models.ManyToManyField(
        "taggit.Tag", verbose_name=_("topics"), blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10, default="fr")
    source = models.CharField(
        _("source"),
        max_length=50,
        blank=True,
        help_text=_("The form used: footer, block, page."),
    )
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "frequency", "id"])]
        permissions = [
            ("view_subscribers", _("Can view newsletter subscribers")),
            ("send_digest", _("Can preview and send newsletter digests")),
        ]

    def __str__(self):
        # Never the address (logs, admin messages).
        return _("Subscriber #%(id)s") % {"id": self.pk}


class Digest(models.Model):
    """One edition of the digest of a frequency: the items first published
    between ``since`` and ``until``, with the editors' introduction."""

    DRAFT, SCHEDULED, SENDING, SENT = "draft", "scheduled", "sending", "sent"
    STATUS_CHOICES = [
        (DRAFT, _("draft")),
        (SCHEDULED, _("scheduled")),
        (SENDING, _("sending")),
        (SENT, _("sent")),
    ]

    frequency = models.CharField(
        _("frequency"), max_length=10, choices=FREQUENCY_CHOICES, default=WEEKLY
    )
    intro = models.TextField(
        _("editorial introduction"),
        blank=True,
        help_text=_("A few sentences shown above the items (plain text)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=DRAFT
    )
    since = models.DateTimeField(
        _("items published after"),
        null=True,
        blank=True,
        help_text=_("Empty: since the previous digest of this frequency."),
    )
    until = models.DateTimeField(_("items published until"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-created_at"]

    def __str__(self):
        return _("%(frequency)s digest #%(id)s") % {
            "frequency": self.get_frequency_display(),
            "id": self.pk,
        }


class Delivery(models.Model):
    """One digest to one subscriber: claimed before the message leaves,
    marked sent after; a subscriber with a delivery row is never sent that
    digest again (crash and resume)."""

    CLAIMED, SENT, SKIPPED, FAILED, INTERRUPTED = (
        "claimed",
        "sent",
        "skipped",
        "failed",
        "interrupted",
    )
    STATUS_CHOICES = [
        (CLAIMED, _("being sent")),
        (SENT, _("sent")),
        (SKIPPED, _("nothing new")),
        (FAILED, _("refused by the mail server")),
        (INTERRUPTED, _("interrupted (maybe sent)")),
    ]

    digest = models.ForeignKey(
        Digest, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES)
    items = models.PositiveIntegerField(_("number of items"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["digest", "subscription"], name="newsletter_one_delivery"
            )
        ]

    def __str__(self):
        return f"{self.digest_id} → {self.subscription_id} ({self.status})"


class NewsletterPage(Page):
    """The newsletter's sign-up page: an introduction and the form (e-mail,
    topics, frequency)."""

    # A leaf, as articles and episodes are.
    subpage_types = []

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("What readers get and how often."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "newsletter/newsletter_page.html"

    class Meta:
        verbose_name = _("newsletter sign-up page")
        verbose_name_plural = _("newsletter sign-up pages")

    def get_context(self, request, *args, **kwargs):
        from newsletter.forms import SubscribeForm

        context = super().get_context(request, *args, **kwargs)
        context["form"] = SubscribeForm(initial={"source": "page"})
        return context
