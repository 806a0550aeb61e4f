"""Insights: snapshots derived from the event log, the organisation dashboard and its privacy
rules, influence, personas, community health, leaders in aggregate, and the value report."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.communities import services as communities
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.errors import Invalid
from hearth.insights import compute, selectors, services
from hearth.insights.models import ActivityDay, Influence, PostFact
from hearth.people.tests.factories import PersonFactory

LONG = "A contribution long enough to be a real contribution here."


@pytest.fixture
def low_threshold(settings):
    settings.HEARTH_INSIGHTS_MIN_GROUP = 2


@pytest.fixture
def talked(company, places, settings):
    """Ana posts and asks; Victor replies; Maria reacts; Carlos (Sales) replies; an anonymous
    post; then the snapshots are built."""
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    communities.community_join(actor=company.colleague, community=places.open)
    type(places.open).objects.filter(pk=places.open.pk).update(allow_anonymous=True)
    places.open.refresh_from_db()
    post = make_post(company.member, places.open, body=LONG)
    question = make_post(company.member, places.open, kind="question", title="VPN?", body=LONG)
    talk.comment_create(actor=company.vp, post=post, body="Thanks Ana, very useful.")
    talk.comment_create(actor=company.colleague, post=question, body="Use the new client.")
    talk.reaction_set(actor=company.manager, post=post, kind="like")
    make_post(company.manager, places.open, body="Someone asks anonymously here.", anonymous=True)
    compute.build()
    return post, question


def filters(viewer, **kwargs):
    return selectors.parse_filters(viewer, **kwargs)


def test_snapshots_come_from_the_event_log_and_never_attribute_anonymous_posts(company, talked):
    ana = ActivityDay.objects.get(person=company.member)
    assert (ana.posts, ana.received) == (2, 3)
    assert ActivityDay.objects.get(person=company.vp).comments == 1
    assert not ActivityDay.objects.filter(person__is_stand_in=True).exists()
    anonymous = PostFact.objects.get(author__isnull=True)
    assert anonymous.kind == "update" and not anonymous.replied
    question = PostFact.objects.get(kind="question")
    assert question.answered and question.replied and question.first_reply_hours is not None


def test_the_dashboard_figures(company, talked, low_threshold):
    d = selectors.dashboard(company.admin, filters(company.admin))
    assert d["employees"] == 6
    assert d["interactive"] == 4  # Ana, Victor, Carlos, Maria; the anonymous post is nobody's
    assert d["contributions"]["by_kind"] == {"question": 1, "update": 2}
    assert d["response_rate"] == round(2 / 3, 3)
    assert d["questions_answered"] == 1.0
    # Carlos (Sales) replying to Ana (Engineering) crosses a department and a country.
    assert d["silo"]["cross_department"] == d["silo"]["cross_country"] > 0
    assert d["weeks"][-1]["contributions"] >= 4


def test_small_groups_are_refused_including_by_differencing(company, talked):
    with pytest.raises(Invalid, match="fewer than 5 people"):
        filters(company.admin, department="Sales")
    # Everyone but Carlos works in Great Britain: 5 people, but 1 away from the whole company.
    with pytest.raises(Invalid, match="single out"):
        filters(company.admin, country="GB")
    d = selectors.dashboard(company.admin, filters(company.admin))
    assert d["employees"] == 6
    assert d["active"] is None and d["interactive_share"] is None  # 4 people: not shown
    assert d["participation"]["heavy"] == 0  # 0 names nobody
    assert selectors.suppress(3) is None and selectors.suppress(0) == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"end": "2099-01-01"}, "end"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "start"),
        ({"start": "yesterday"}, "start"),
        ({"department": "Astrology"}, "department"),
        ({"community": "no-such-place"}, "community"),
    ],
)
def test_bad_periods_and_filters_are_422_naming_the_field(company, api_as, params, field):
    response = api_as(company.admin).get("/api/v1/insights/dashboard", params)
    assert response.status_code == 422
    assert field in str(response.json()["errors"])


def test_a_secret_community_is_unknown_to_an_analyst_outside_it(company, places, api_as):
    analyst = PersonFactory(username="analyst", display_name="Ann Alyst")
    analyst.user_permissions.add(Permission.objects.get(codename="view_insights"))
    response = api_as(analyst).get("/api/v1/insights/dashboard", {"community": places.secret.slug})
    assert response.status_code == 422
    assert api_as(analyst).get("/api/v1/insights/dashboard").status_code == 200


def test_only_administrators_and_analysts_see_the_organisation(company, talked, api, client):
    assert api.get("/api/v1/insights/dashboard").status_code == 403
    assert api.get("/api/v1/insights/leaders").status_code == 403
    client.force_login(company.member)
    page = client.get("/insights/").content.decode()
    assert "My persona" in page and "interactive people" not in page
    client.force_login(company.admin)
    assert "interactive people" in client.get("/insights/").content.decode()


def test_influence_ranks_who_others_interact_with_and_names_only_the_willing(
    company, places, api_as
):
    others = [company.vp, company.manager, company.colleague, company.admin]
    communities.community_join(actor=company.colleague, community=places.open)
    communities.community_join(actor=company.admin, community=places.open)
    post = make_post(company.member, places.open, body=LONG)
    for person in others:
        talk.comment_create(actor=person, post=post, body=f"Great work, from {person.name}.")
    compute.build()
    top = Influence.objects.order_by("rank").first()
    assert top.person == company.member and top.reach == 4
    admin = api_as(company.admin)
    assert admin.get("/api/v1/insights/influencers").json()["top"] == []
    services.named_set(actor=company.member, named=True)
    listed = admin.get("/api/v1/insights/influencers").json()["top"]
    assert [r["person"]["username"] for r in listed] == ["ana"]
    # A newcomer is told to follow her, on the welcome checklist and in their insights.
    from hearth.facilitation.selectors import welcome

    newbie = PersonFactory(username="newbie", display_name="New Bie")
    assert welcome(newbie)["people"][0] == company.member
    me = api_as(newbie).get("/api/v1/insights/me").json()
    assert me["people_to_follow"][0]["username"] == "ana" and me["persona"] == "observer"


def test_influence_goes_beyond_position_a_member_ranks_above_the_leaders(company, places):
    """Influence is measured on the network, not the org chart: Ana, a network engineer at the
    deepest level of the hierarchy, leads nobody; colleagues reply to and react to what she
    writes more than to what the CEO and the VP write, so she ranks above them."""
    member, ceo, vp = company.member, company.ceo, company.vp
    assert not member.is_leader and member.org_level > vp.org_level > ceo.org_level
    assert ceo.is_leader and vp.is_leader
    for person in (company.colleague, company.admin, ceo):
        communities.community_join(actor=person, community=places.open)
    ana_post = make_post(member, places.open, body=LONG)
    ceo_post = make_post(ceo, places.open, body=LONG)
    vp_post = make_post(vp, places.open, body=LONG)
    for person in (company.colleague, company.admin, company.manager, vp, ceo):
        talk.comment_create(actor=person, post=ana_post, body=f"Thank you, {person.name}.")
        talk.reaction_set(actor=person, post=ana_post, kind="insightful")
    talk.comment_create(actor=company.manager, post=ceo_post, body="Noted, thank you.")
    talk.comment_create(actor=company.colleague, post=vp_post, body="Noted, thank you.")
    compute.build()
    ranks = dict(Influence.objects.values_list("person_id", "rank"))
    assert ranks[member.pk] == 1
    assert ranks[member.pk] < ranks[ceo.pk] and ranks[member.pk] < ranks[vp.pk]


def test_personas_and_my_nudge(company, talked, api, low_threshold):
    me = api.get("/api/v1/insights/me").json()
    assert me["persona"] == "catalyst" and me["received"] == 3
    assert "answer those who respond to you" in me["nudge"]
    assert selectors.persona_of(0, 0, 0) == "observer"
    assert selectors.persona_of(0, 10, 1) == "responder"
    assert selectors.persona_of(10, 0, 1) == "broadcaster"
    assert selectors.persona_of(3, 3, 4) == "engager"
    counts = selectors.personas(filters(company.admin, default_days=90))["personas"]
    assert counts["catalyst"] is None or counts["catalyst"] >= 1


def test_community_health_for_facilitators_and_communications(company, places, talked, client):
    rows = selectors.community_health(company.admin)
    open_row = next(r for r in rows if r["community"] == places.open)
    assert open_row["members"] >= 3 and open_row["response"] is not None
    assert open_row["absent_sponsor"] is True and open_row["at_risk"] is True
    client.force_login(company.vp)  # facilitates Network Ops
    page = client.get("/insights/communities/").content.decode()
    assert places.open.name in page
    client.force_login(company.colleague)
    assert client.get("/insights/communities/").status_code == 404


def test_leaders_are_only_shown_in_aggregate(company, talked, api_as):
    overview = api_as(company.admin).get("/api/v1/insights/leaders").json()
    assert overview["levels"] == {}  # no level has 5 leaders in this small company
    assert overview["pooled_leaders"] >= 2


def test_the_value_report_as_json_pdf_and_csv(company, talked, api_as, low_threshold):
    admin = api_as(company.admin)
    body = admin.get("/api/v1/insights/report").json()
    names = [h["name"] for h in body["headline"]]
    assert "response_rate" in names and "cross_department" in names
    pdf = admin.get("/api/v1/insights/report", {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    archive = zipfile.ZipFile(
        io.BytesIO(admin.get("/api/v1/insights/report", {"format": "csv"}).content)
    )
    assert "headline.csv" in archive.namelist() and "influencers.csv" in archive.namelist()
    assert b"ana" not in archive.read("influencers.csv")  # nobody agreed to be named
    empty = admin.get("/api/v1/insights/report", {"start": "2020-01-01", "end": "2020-01-31"})
    assert empty.status_code == 422 and "Nothing was posted" in empty.json()["detail"]
    assert admin.get("/api/v1/insights/report", {"format": "xls"}).status_code == 422


def test_the_rebuild_command_and_the_nightly_refresh(company, talked, capsys):
    ActivityDay.objects.all().delete()
    call_command("insights", "rebuild")
    assert "Insights rebuild" in capsys.readouterr().out
    assert ActivityDay.objects.filter(person=company.member).exists()
    before = ActivityDay.objects.count()
    compute.refresh()
    assert ActivityDay.objects.count() == before  # replaced, not added


def test_the_dashboard_reads_snapshots_in_a_fixed_number_of_queries(
    company, places, api_as, low_threshold
):
    from django.core.cache import cache

    admin = api_as(company.admin)
    make_post(company.member, places.open, body=LONG)
    compute.build()
    admin.get("/api/v1/insights/dashboard")
    cache.clear()  # measure the computation, not the cached figures
    with CaptureQueriesContext(connection) as few:
        admin.get("/api/v1/insights/dashboard")
    for i in range(5):
        make_post(company.member, places.open, body=f"{LONG} {i}")
        make_post(company.manager, places.open, body=f"{LONG} {i}")
    compute.build()
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        body = admin.get("/api/v1/insights/dashboard").json()
    assert body["contributions"]["posts"] == 11
    assert len(many.captured_queries) == len(few.captured_queries)
    # Cached until the snapshots are rebuilt: the second reading costs no dashboard query.
    with CaptureQueriesContext(connection) as cached:
        admin.get("/api/v1/insights/dashboard")
    assert len(cached.captured_queries) < len(many.captured_queries) - 10


def test_experts_from_public_answers(company, places, api, client):
    from hearth.people.models import Tag

    cloud = Tag.objects.create(name="cloud")
    question = make_post(
        company.member, places.open, kind="question", title="Which cloud?", body=f"{LONG} #cloud"
    )
    question.topics.add(cloud)
    answer = talk.comment_create(actor=company.vp, post=question, body="Use the private one.")
    talk.answer_accept(actor=company.member, post=question, comment=answer)
    compute.build()
    experts = api.get("/api/v1/insights/experts/cloud").json()
    assert experts[0]["person"]["username"] == "victor" and experts[0]["accepted"] == 1
    assert api.get("/api/v1/insights/experts/astrology").status_code == 404
    client.force_login(company.manager)
    for url in ("/people/?skill=cloud", "/topics/cloud/"):
        page = client.get(url).content.decode()
        assert "Experts on cloud" in page and "Victor Vale" in page and "1 accepted answer" in page


def test_a_period_before_anything_happened_still_renders(company, client, low_threshold):
    client.force_login(company.admin)
    start = (timezone.now() - datetime.timedelta(days=400)).date().isoformat()
    response = client.get("/insights/", {"start": start, "end": start})
    assert response.status_code == 200
    response = client.get("/insights/", {"end": "2999-01-01"})
    assert response.status_code == 422 and "cannot end in the future" in response.content.decode()


def test_private_communities_are_counted_but_never_named(company, places, api_as, low_threshold):
    for i in range(3):
        make_post(company.member, places.private, body=f"{LONG} private {i}")
    make_post(company.member, places.open, body=LONG)
    compute.build()
    admin = api_as(company.admin)
    body = admin.get("/api/v1/insights/report").json()
    assert [c["community"] for c in body["communities"]] == [places.open.slug]
    figures = admin.get("/api/v1/insights/dashboard").json()
    assert figures["contributions"]["posts"] == 4  # the private posts are counted
    assert places.private.name not in admin.get(
        "/api/v1/insights/report", {"format": "pdf"}
    ).content.decode("latin-1")


def test_the_value_report_pdf_speaks_its_readers_language(client, company, talked, low_threshold):
    import pypdfium2

    from hearth.core.pdf import font_files

    if not font_files():
        pytest.skip("needs Debian's fonts-noto-core (.ci/run installs it)")
    company.admin.language = "de"
    company.admin.save(update_fields=["language"])
    client.force_login(company.admin)
    response = client.get("/insights/report/", {"format": "pdf"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(response.content)
    text = " ".join(" ".join(p.get_textpage().get_text_range() for p in document).split())
    assert "Was unser Netzwerk getan hat:" in text  # "What our network did"
    assert "What our network did" not in text
