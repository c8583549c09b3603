"""Admin forms of the podcasts app that need the models loaded."""

from podcasts.models import AudioFile
from podcasts.models.audio import AudioFileForm


class AudioFileUploadForm(AudioFileForm):
    """The audio chooser's "Upload" tab (the snippet views build theirs from
    the model's panels and ``base_form_class``)."""

    class Meta:
        model = AudioFile
        fields = ["file", "title"]
