from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class NewsletterSignupBlock(blocks.StructBlock):
    """The newsletter's sign-up form inside a page's body, with a heading
    and a sentence saying what readers get."""

    heading = blocks.CharBlock(
        label=_("heading"),
        max_length=120,
        default=_("Receive the newsletter"),
        help_text=_("The form's heading, e.g. 'Every Monday, the week's news'."),
    )
    text = blocks.TextBlock(
        label=_("text"),
        required=False,
        max_length=400,
        help_text=_("What readers get and how often."),
    )

    class Meta:
        icon = "mail"
        label = _("Newsletter sign-up")
        template = "newsletter/block.html"
