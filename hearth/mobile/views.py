"""The installable app: its manifest, its service worker, the offline page and what a device
asks before it keeps pages (`state`)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import epoch_of

KEEP_PAGES = 30  # the last pages read, kept for reading offline
# Pages a device may keep: what a person reads (feeds, posts, communities, people, topics).
KEEP_VIEWS = frozenset(
    {
        "home",
        "conversations:detail",
        "conversations:bookmarks",
        "communities:detail",
        "feeds:topic",
        "feeds:discover",
        "people:detail",
        "jams:detail",
    }
)
PRECACHE = (
    "hearth/hearth.css",
    "hearth/hearth.js",
    "hearth/favicon.svg",
    "mobile/offline.js",
    "mobile/icon-192.png",
    "django_htmx/htmx-2.min.js",  # as django-htmx's {% htmx_script %} links them
    "django_htmx/ext/hx-sse-2.min.js",
)


@require_GET
@login_not_required
def manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {"src": static("mobile/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("mobile/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("mobile/icon-512-maskable.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("hearth/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    data = {
        "id": reverse("home"),
        "name": settings.HEARTH_NETWORK_NAME,
        "short_name": settings.HEARTH_NETWORK_NAME[:12],
        "description": _("Your company's network: communities, questions, ideas and jams."),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#b4471b",
        "icons": icons,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
@login_not_required
def service_worker(request: HttpRequest) -> HttpResponse:
    context = {
        "offline_url": reverse("mobile:offline"),
        "state_url": reverse("mobile:state"),
        "static_url": settings.STATIC_URL,
        "precache": [reverse("mobile:offline"), *(static(path) for path in PRECACHE)],
        "keep_pages": KEEP_PAGES,
    }
    template = str(render_to_string("mobile/sw.js", context))
    # A new version of Hearth (other static files, another worker) is a new cache.
    version = hashlib.sha256(template.encode()).hexdigest()[:12]
    response = HttpResponse(
        template.replace("__VERSION__", version),
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@login_not_required
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker when there is no network and the page was not kept; the
    same for everyone (it is kept on the device), so it names nobody."""
    return render(request, "mobile/offline.html", {"network_name": settings.HEARTH_NETWORK_NAME})


@never_cache
@require_GET
@login_not_required
def state(request: HttpRequest) -> JsonResponse:
    """Whether someone is signed in, and their offline epoch: a device forgets its kept pages
    when either changes."""
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"signed_in": False, "epoch": ""})
    return JsonResponse({"signed_in": True, "epoch": epoch_of(user.pk)})
