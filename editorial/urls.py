"""URLs of the public tag pages; the project decides where to mount them."""

from django.urls import path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("", views.tag_index, name="tag_index"),
    path("<str:slug>/", views.tag_detail, name="tag_detail"),
]
