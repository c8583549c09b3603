"""The counting endpoint. A site mounts it at ``podcasts/audio/``:

path("podcasts/audio/", include("podcasts.audience.urls")),
"""

from django.urls import path

from . import views

app_name = "podcasts_audience"

urlpatterns = [
    path(
        "<int:episode_id>/<str:source>/<str:filename>", views.download, name="download"
    ),
]
