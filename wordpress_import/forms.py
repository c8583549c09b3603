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

    category_base = forms.CharField(
        label=_("Category base"),
        max_length=200,
        required=False,
        help_text=_(
            "As in WordPress's Settings › Permalinks (for example “rubrique”), "
            "so that the old category archives redirect; empty: “category”."
        ),
    )
    tag_base = forms.CharField(
        label=_("Tag base"),
        max_length=200,
        required=False,
        help_text=_(
            "As in WordPress's Settings › Permalinks (for example “mot-cle”); "
            "empty: “tag”."
        ),
    )

    def clean_category_base(self):
        return self._clean_base("category_base")

    def clean_tag_base(self):
        return self._clean_base("tag_base")

    def _clean_base(self, name):
        from .importer.links import clean_base

        value = self.cleaned_data[name].strip()
        if value and not clean_base(value):
            raise forms.ValidationError(
                _("Enter a path such as “rubrique” or “blog/rubrique”.")
            )
        return clean_base(value)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = get_setting("PRESSROOM_WORDPRESS_MAX_UPLOAD_SIZE")
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB.")
                % {"limit": limit // 1_000_000}
            )
        return upload
