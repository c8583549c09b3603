"""The registration provider of ``editorial.registrations``: the form (or
"full", "closed") inside an event block."""

from django.template.loader import render_to_string

from leads import events
from leads.forms import RegistrationForm


class LeadsRegistrationProvider:
    def render_event_form(self, request, page, block_id, event):
        settings = event.get("registration") or {}
        state = events.state(page, block_id, event)
        if state["status"] == "off":
            return ""
        return render_to_string(
            "leads/includes/event_form.html",
            {
                "state": state,
                "form": RegistrationForm(
                    settings=settings, auto_id=f"reg-{block_id}-%s"
                ),
                "page_id": page.pk,
                "block_id": block_id,
            },
            request=request,
        )


provider = LeadsRegistrationProvider()
