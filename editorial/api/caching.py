"""HTTP caching of Pressroom's v3 GET operations."""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.cache import cache_control

from ninja.decorators import decorate_view

# Every GET of ours: an ETag computed from the body (304 on a matching
# If-None-Match) and a short public cache lifetime.
conditional_get = decorator_from_middleware(ConditionalGetMiddleware)
http_cached = decorate_view(cache_control(public=True, max_age=60), conditional_get)
