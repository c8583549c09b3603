from django.urls import path

from . import views

app_name = "wordpress_import"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/report.json", views.report_json, name="report"),
]
