"""Readers' URLs of leads; the project decides where to mount them."""

from django.urls import path

from leads import views

app_name = "leads"

urlpatterns = [
    path(
        "events/<int:page_id>/<str:block_id>/",
        views.event_registration,
        name="event_registration",
    ),
    path(
        "events/<int:page_id>/calendar.ics",
        views.page_event_ics,
        name="page_event_ics",
    ),
    path("cancel/<str:token>/", views.cancel_registration, name="cancel"),
    path("download/<str:token>/", views.download, name="download"),
]
