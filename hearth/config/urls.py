from django.contrib import admin
from django.urls import include, path
from oauth2_provider import urls as oauth2_urls

from hearth.communities import urls as communities
from hearth.conversations import urls as conversations
from hearth.core import views as core_views
from hearth.feeds import urls as feeds
from hearth.moderation import urls as moderation
from hearth.pages import urls as pages
from hearth.people import urls as people
from hearth.people import views as people_views
from hearth.search import views as search_views
from hearth.trust import urls as trust

from .api import api

# The composed pages join the namespaces of the apps whose URLs they always had.
people_routes = [*pages.people[:1], *people.urlpatterns, *pages.people[1:]]

handler404 = "hearth.core.views.not_found"
handler500 = "hearth.core.views.server_error"
handler403 = "hearth.core.views.forbidden"
handler400 = "hearth.core.views.bad_request"

urlpatterns = [
    pages.home,
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("posts/similar/", search_views.similar, name="search_similar"),
    path("", include("hearth.core.urls")),
    path("", include("hearth.mobile.urls")),
    path("", include(([*feeds.urlpatterns, *pages.feeds], "feeds"))),
    path("posts/", include(([*pages.conversations, *conversations.urlpatterns], "conversations"))),
    path("communities/", include(([*communities.urlpatterns, *pages.communities], "communities"))),
    path("notifications/", include("hearth.notifications.urls")),
    path("live/", include("hearth.live.urls")),
    path("moderation/", include(([*moderation.urlpatterns, *trust.urlpatterns], "trust"))),
    path("privacy/", include("hearth.privacy.urls")),
    path("webhooks/", include("hearth.webhooks.urls")),
    path("", include("hearth.provisioning.urls")),
    path("jams/", include("hearth.jams.urls")),
    path("ideas/", include("hearth.ideas.urls")),
    path("facilitation/", include("hearth.facilitation.urls")),
    path("leaders/", include("hearth.leadership.urls")),
    path("recognition/", include("hearth.recognition.urls")),
    path("insights/", include("hearth.insights.urls")),
    path("people/", include((people_routes, "people"))),
    # Before allauth's own (the same path and name): a malformed passkey answer is a refusal.
    path(
        "accounts/",
        include(
            [
                path(
                    "2fa/webauthn/login/",
                    people_views.passkey_login,
                    name="mfa_login_webauthn",
                ),
                path("sso/", people_views.sso_route, name="sso_route"),
                path(
                    "oidc/<str:provider_id>/login/callback/",
                    people_views.oidc_callback,
                    name="openid_connect_callback",
                ),
                path(
                    "saml/<str:organization_slug>/acs/finish/",
                    people_views.saml_acs_finish,
                    name="saml_finish_acs",
                ),
                path(
                    "saml/<str:organization_slug>/sls/",
                    people_views.saml_sls,
                    name="saml_sls",
                ),
            ]
        ),
    ),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # OAuth 2.0 (django-oauth-toolkit): authorize, token, revoke_token, introspect.
    path("o/", include((oauth2_urls.base_urlpatterns, "oauth2_provider"))),
    path("api/v1/", api.urls),
    path("healthz", core_views.health, name="health"),
    path("readyz", core_views.ready, name="ready"),
    path("ping", core_views.ping, name="ping"),
    path("metrics", core_views.metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
]
