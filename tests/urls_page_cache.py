"""The site's URLs plus views that answer what the page cache must never keep."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from site_config.urls import urlpatterns as site_urlpatterns


def sets_cookie(request):
    response = HttpResponse("<p>with a cookie</p>")
    response.set_cookie("reader", "1")
    return response


def csrf_form(request):
    return HttpResponse(
        f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>'
    )


def server_error(request):
    return HttpResponse("<p>broken</p>", status=500)


def varies_on_accept(request):
    response = HttpResponse("<p>negotiated</p>")
    response["Vary"] = "Accept"
    return response


def plain(request):
    return HttpResponse("<p>plain</p>")


urlpatterns = [
    path("test-cache/cookie/", sets_cookie),
    path("test-cache/csrf/", csrf_form),
    path("test-cache/error/", server_error),
    path("test-cache/plain/", plain),
    path("test-cache/vary/", varies_on_accept),
    *site_urlpatterns,
]
