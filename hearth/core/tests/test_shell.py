import os
import subprocess
import sys

from django.urls import reverse


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_navigation_offers_every_section(member_client):
    html = member_client.get("/").content.decode()
    for label in ("Home", "Communities", "Jams", "People", "Insights", "Search"):
        assert f"<span>{label}</span></a>" in html
    assert 'aria-label="Notifications"' in html
    assert "Skip to content" in html


def test_every_section_of_the_navigation_has_landed(member_client):
    for path in ("/communities/", "/jams/", "/people/", "/insights/", "/search/"):
        response = member_client.get(path)
        assert response.status_code == 200
        assert "Coming soon" not in response.content.decode()


def test_the_network_name_is_a_setting(member_client, settings):
    settings.HEARTH_NETWORK_NAME = "Tap"
    html = member_client.get("/").content.decode()
    assert "<title>Home · Tap</title>" in html
    assert "Tap is where serious questions are asked" in html  # said while the feed is empty


def test_a_missing_page_is_a_friendly_404(member_client):
    response = member_client.get("/people/nobody-by-that-name/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_search_finds_people(member_client, company):
    html = member_client.get("/search/", {"q": "Carlos"}).content.decode()
    assert "Carlos Diaz" in html
    assert "Ana Ribeiro</span>" not in html.split('id="results"')[1]


def test_health_answers_without_sign_in(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_pages_speak_the_readers_language(client, company):
    client.force_login(company.colleague)  # Carlos reads Hearth in Spanish
    html = client.get("/").content.decode()
    assert '<html lang="es" dir="ltr">' in html
    assert "<span>Personas</span></a>" in html
    assert "Te damos la bienvenida, Carlos Diaz" in html


def test_times_are_shown_in_the_readers_time_zone(client, company):
    client.force_login(company.colleague)
    html = client.get("/").content.decode()
    assert "Europe/Madrid" in html


def test_production_settings_pass_the_deploy_check():
    import secrets

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "hearth.example.com",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set only for the browser tests
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hearth.config.settings.production"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_nul_character_in_a_page_address_is_a_friendly_400(member_client):
    response = member_client.get("/search/?q=a%00b")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
