"""The counting endpoint. A site mounts it at ``podcasts/audio/``:

path("podcasts/audio/", include("podcasts.audience.urls")),
"""

from django.urls import re_path

from . import views

app_name = "podcasts_audience"

urlpatterns = [
    re_path(
        r"^(?P<episode_id>[0-9]{1,18})/(?P<source>feed|player|download|api)/"
        r"(?P<filename>[^/]{1,255})$",
        views.download,
        name="download",
    ),
]
