"""The test OpenID Connect provider's URLs (oidc_idp holds its settings)."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def redirect_uri(request):
    """Test-only: let the client return to one more address (a live server's port), and come
    back there after signing out."""
    from oidc_provider.models import Client

    client = Client.objects.get(client_id="hearth")
    client.redirect_uris = sorted(set(client.redirect_uris) | {request.POST["uri"]})
    if request.POST.get("logout"):
        logout = set(client.post_logout_redirect_uris) | {request.POST["logout"]}
        client.post_logout_redirect_uris = sorted(logout)
    client.save()
    return HttpResponse("ok")


urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("testing/redirect-uri", redirect_uri),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
]
