"""Feeds and calendar files of the articles; the project decides where to mount them."""

from django.urls import path

from articles import views
from articles.feeds import ArticleFeed, AtomArticleFeed

app_name = "articles"

urlpatterns = [
    path("", ArticleFeed(), name="rss"),
    path("atom/", AtomArticleFeed(), name="atom"),
    path("tags/<slug:slug>/", ArticleFeed(), {"kind": "tag"}, name="tag_rss"),
    path("tags/<slug:slug>/atom/", AtomArticleFeed(), {"kind": "tag"}, name="tag_atom"),
    path(
        "contributors/<slug:slug>/",
        ArticleFeed(),
        {"kind": "contributor"},
        name="contributor_rss",
    ),
    path(
        "contributors/<slug:slug>/atom/",
        AtomArticleFeed(),
        {"kind": "contributor"},
        name="contributor_atom",
    ),
    path(
        "events/<int:page_id>/<str:block_id>.ics",
        views.event_ics,
        name="event_ics",
    ),
]
