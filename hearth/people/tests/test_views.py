import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from hearth.core.models import Event
from hearth.people.models import AccessToken


def test_the_directory_searches_and_filters(member_client, company):
    def results(**params):
        html = member_client.get("/people/", params).content.decode()
        return html.split('<section id="results"')[1].split("</section>")[0]

    assert "Maria Lopez" in results(q="maria") and "Carlos Diaz" not in results(q="maria")
    assert "Carlos Diaz" in results(department="Sales")
    assert "Maria Lopez" not in results(department="Sales")
    assert "Carlos Diaz" in results(country="ES") and "Ana Ribeiro" not in results(country="ES")
    assert "Nobody matches" in results(q="zzzz")


def test_the_directory_answers_htmx_with_just_the_results(member_client, company):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as full:
        member_client.get("/people/", {"q": "carlos"})
    with CaptureQueriesContext(connection) as partial:
        response = member_client.get("/people/", {"q": "carlos"}, HTTP_HX_REQUEST="true")
    assert len(partial) < len(full)  # the filter lists are not recomputed on each keystroke
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and "Carlos Diaz" in html


def test_the_person_page_shows_chain_reports_and_profile(member_client, company):
    html = member_client.get("/people/maria/").content.decode()
    assert "Maria Lopez" in html and "Engineering Manager" in html
    assert html.index("Grace Mensah") < html.index("Victor Vale")  # chain from the top
    assert "2 direct reports" in html
    assert "Ana Ribeiro" in html and "Carlos Diaz" in html
    assert "Fred Former" not in html  # left the company


def test_a_former_colleagues_page_says_they_left(member_client, company):
    html = member_client.get("/people/fred/").content.decode()
    assert "No longer with the company." in html


def test_the_org_chart_starts_at_the_top_and_focuses_on_anyone(member_client, company):
    html = member_client.get("/people/org/").content.decode()
    assert 'id="focus-name"><a href="/people/grace/">Grace Mensah' in html
    assert "Victor Vale" in html
    html = member_client.get("/people/org/", {"focus": "victor"}).content.decode()
    assert 'id="focus-name"><a href="/people/victor/">Victor Vale' in html
    assert "Maria Lopez" in html
    partial = member_client.get("/people/org/", {"focus": "maria"}, HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<div id="chart"')
    assert member_client.get("/people/org/", {"focus": "nobody"}).status_code == 404


def test_people_edit_their_own_profile(member_client, company):
    response = member_client.post(
        "/people/me/edit/",
        {
            "display_name": "Ana R.",
            "bio": "I keep **5G** running. <script>alert(1)</script>",
            "skills": "5G, RAN optimisation, 5G",
            "interests": "Running",
            "time_zone": "America/Sao_Paulo",
            "language": "es",
        },
    )
    assert response.status_code == 302
    member = company.member
    member.refresh_from_db()
    assert (member.display_name, member.time_zone, member.language) == (
        "Ana R.",
        "America/Sao_Paulo",
        "es",
    )
    assert sorted(t.name for t in member.skills.all()) == ["5G", "RAN optimisation"]
    html = member_client.get("/people/ana/").content.decode()
    assert "<strong>5G</strong>" in html and "<script>alert(1)" not in html
    assert Event.objects.filter(verb="person.updated", object_id=member.pk).exists()


def test_a_bad_profile_form_keeps_what_was_typed(member_client, company):
    response = member_client.post(
        "/people/me/edit/",
        {
            "display_name": "",
            "bio": "My carefully written bio",
            "time_zone": "Mars/Base",
            "language": "en",
            "skills": "Python",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "My carefully written bio" in html and 'value="Python"' in html
    assert "This field is required." in html
    assert "Select a valid choice" in html
    company.member.refresh_from_db()
    assert company.member.display_name == "Ana Ribeiro"


def test_a_photo_replaces_the_initials(member_client, company):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    photo = SimpleUploadedFile("me.png", buffer.getvalue(), content_type="image/png")
    member_client.post(
        "/people/me/edit/",
        {"display_name": "Ana Ribeiro", "time_zone": "UTC", "language": "en", "avatar": photo},
    )
    response = member_client.get("/people/ana/avatar/")
    assert response["Content-Type"] == "image/png"
    not_an_image = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = member_client.post(
        "/people/me/edit/",
        {
            "display_name": "Ana Ribeiro",
            "time_zone": "UTC",
            "language": "en",
            "avatar": not_an_image,
        },
    )
    assert response.status_code == 200 and "Upload a valid image" in response.content.decode()


def test_without_a_photo_the_avatar_is_the_initials(member_client, company):
    response = member_client.get("/people/carlos/avatar/")
    assert response["Content-Type"] == "image/svg+xml"
    assert ">CD</text>" in response.content.decode()
    html = member_client.get("/people/carlos/").content.decode()
    from hearth.people.avatars import avatar_colour_index

    assert f'avatar-initials avatar-s96 avatar-c{avatar_colour_index("carlos")}"' in html


def test_tokens_are_created_shown_once_and_revoked(member_client, company):
    response = member_client.post(
        "/people/me/tokens/", {"name": "Reporting script", "scopes": ["read", "read:insights"]}
    )
    html = response.content.decode()
    token = AccessToken.objects.get(person=company.member)
    assert token.scopes == "read read:insights"
    raw = html.split('id="new-token">')[1].split("<")[0]
    assert raw.startswith(token.prefix)
    assert raw not in member_client.get("/people/me/tokens/").content.decode()
    member_client.post(f"/people/me/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_without_scopes_is_refused_and_keeps_its_name(member_client, company):
    response = member_client.post("/people/me/tokens/", {"name": "Reporting script"})
    assert b"This field is required." in response.content
    assert b'value="Reporting script"' in response.content
    bogus = member_client.post("/people/me/tokens/", {"name": "x", "scopes": ["root"]})
    assert b"Select a valid choice" in bogus.content
    assert not AccessToken.objects.filter(person=company.member).exists()


def test_nobody_revokes_someone_elses_token(client, company):
    from hearth.people.services import token_create

    token, _raw = token_create(actor=company.colleague, person=company.colleague, name="mine")
    client.force_login(company.member)
    assert client.post(f"/people/me/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_token_needs_a_name(member_client, company):
    response = member_client.post("/people/me/tokens/", {"name": "  "})
    assert "This field is required." in response.content.decode()
    assert not AccessToken.objects.exists()


def test_an_administrator_sets_a_leader_by_hand_and_back(client, company):
    client.force_login(company.admin)
    assert 'name="leader"' in client.get("/people/ana/").content.decode()
    client.post("/people/ana/leader/", {"leader": "yes"})
    company.member.refresh_from_db()
    assert company.member.is_leader and company.member.leader_override is True
    client.post("/people/ana/leader/", {"leader": "derived"})
    company.member.refresh_from_db()
    assert not company.member.is_leader and company.member.leader_override is None
    response = client.post("/people/ana/leader/", {"leader": "maybe"}, follow=True)
    assert "Choose whether this person is a leader." in response.content.decode()


def test_people_cannot_make_themselves_leaders(member_client, company):
    assert 'name="leader"' not in member_client.get("/people/ana/").content.decode()
    response = member_client.post("/people/ana/leader/", {"leader": "yes"}, follow=True)
    assert "Only administrators can set who is a leader." in response.content.decode()
    company.member.refresh_from_db()
    assert not company.member.is_leader


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_the_profile_offers_every_language_the_interface_ships(member_client, company, code):
    edit = member_client.get("/people/me/edit/").content.decode()
    assert f'<option value="{code}"' in edit
    response = member_client.post(
        "/people/me/edit/", {"display_name": "Ana", "time_zone": "UTC", "language": code}
    )
    assert response.status_code == 302
    company.member.refresh_from_db()
    assert company.member.language == code
    assert f'lang="{code}"' in member_client.get("/").content.decode()
