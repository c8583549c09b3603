"""The contract between event announcements and the app taking registrations.

The article's event block (articles) carries a ``RegistrationSettingsBlock``:
the editor turns registration on and sets capacity, closing date and the
fields asked. The block does not know who takes the registrations: an app
(leads) registers a provider from its ``AppConfig.ready()`` with
``registration_providers.register(provider)``. The provider implements:

- ``render_event_form(request, page, block_id, event) -> str``: the HTML shown
  in the event block (the form, "full" or "closed"), or ``""``;

``{% event_registration event page block_id %}`` (``editorial_tags``) asks the
provider. Without one, the block shows only its external registration link.
An event is identified by its page and its StreamField block id, which
Wagtail keeps across revisions.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class RegistrationProviderRegistry:
    """The installed registration providers; the first registered answers."""

    def __init__(self):
        self._providers = []

    def register(self, provider):
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def unregister(self, provider):
        self._providers.remove(provider)

    def get(self):
        return self._providers[0] if self._providers else None


registration_providers = RegistrationProviderRegistry()


class RegistrationSettingsBlock(blocks.StructBlock):
    """Registration on this site for an event: whether it is open, how many
    seats, until when, and what the form asks. Takes effect when an app
    taking registrations (leads) is installed."""

    enabled = blocks.BooleanBlock(
        label=_("take registrations on this site"),
        required=False,
        help_text=_("Readers register with a form in the event block."),
    )
    capacity = blocks.IntegerBlock(
        label=_("capacity"),
        required=False,
        min_value=1,
        help_text=_("Seats; once taken, readers join a waiting list. Empty: no limit."),
    )
    closes_at = blocks.DateTimeBlock(
        label=_("registration closes"),
        required=False,
        help_text=_("Empty: registration closes when the event starts."),
    )
    ask_company = blocks.BooleanBlock(
        label=_("ask the company"), required=False, default=True
    )
    ask_job_title = blocks.BooleanBlock(
        label=_("ask the job title"), required=False, default=True
    )
    ask_phone = blocks.BooleanBlock(
        label=_("ask a phone number (optional for the reader)"), required=False
    )
    questions = blocks.ListBlock(
        blocks.CharBlock(label=_("question"), max_length=200),
        label=_("custom questions"),
        default=[],
        help_text=_("Questions readers may answer in a few words."),
    )

    class Meta:
        label = _("Registration")
        icon = "form"
        collapsed = True
