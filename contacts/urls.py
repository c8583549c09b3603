"""Readers' URLs of contacts; the project decides where to mount them."""

from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("consent/<str:token>/", views.withdraw_consent, name="withdraw"),
]
