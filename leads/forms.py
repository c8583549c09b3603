"""The reader's forms: event registration and gated resource."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.spam import HoneypotMixin

CONSENT_TEXT = _(
    "I agree that the publication and the event's partners may contact me "
    "about their offers. I can withdraw this consent at any time."
)


class LeadForm(HoneypotMixin):
    name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Work e-mail address"), max_length=254)
    company = forms.CharField(label=_("Company"), max_length=200)
    job_title = forms.CharField(label=_("Job title"), max_length=200)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    # Never ticked in advance; what the box says is recorded with the answer.
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    def __init__(
        self, *args, ask_company=True, ask_job_title=True, ask_phone=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        for name, asked in (
            ("company", ask_company),
            ("job_title", ask_job_title),
            ("phone", ask_phone),
        ):
            if not asked:
                del self.fields[name]
        # The honeypot last, after the fields people fill in.
        self.order_fields([name for name in self.fields if name != "website"])

    def contact_fields(self):
        return {
            name: self.cleaned_data.get(name, "")
            for name in ("name", "company", "job_title", "phone")
        }

    def consent_text(self):
        return str(CONSENT_TEXT) if self.cleaned_data.get("consent") else ""


class RegistrationForm(LeadForm):
    def __init__(self, *args, settings=None, **kwargs):
        settings = settings or {}
        super().__init__(
            *args,
            ask_company=settings.get("ask_company", True),
            ask_job_title=settings.get("ask_job_title", True),
            ask_phone=settings.get("ask_phone", False),
            **kwargs,
        )
        self.questions = list(settings.get("questions") or [])
        for index, question in enumerate(self.questions):
            self.fields[f"question_{index}"] = forms.CharField(
                label=question, max_length=1000, required=False
            )
        self.order_fields(
            [n for n in self.fields if n not in ("consent", "website")]
            + ["consent", "website"]
        )

    def answers(self):
        return {
            question: self.cleaned_data.get(f"question_{index}", "")
            for index, question in enumerate(self.questions)
        }
