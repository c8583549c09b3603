from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from .conf import get_setting


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("WordPress export"),
        validators=[FileExtensionValidator(["xml"])],
        help_text=_("The .xml file of Tools › Export in WordPress (all content)."),
    )
    site = forms.ModelChoiceField(
        label=_("Import into"), queryset=Site.objects.all(), empty_label=None
    )
    overwrite = forms.BooleanField(
        label=_("Replace pages edited in Wagtail since the last import"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = get_setting("PRESSROOM_WORDPRESS_MAX_UPLOAD_SIZE")
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": limit // 1_000_000}
            )
        return upload
