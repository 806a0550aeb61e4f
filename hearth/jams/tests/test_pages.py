"""Jam pages: the list, the form (keeps what was typed), landing, themes, alerts, dashboard,
report files."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hearth.jams.models import Jam

from .factories import close, make_jam
from .test_jams import idea


def login(client, person):
    client.force_login(person)
    return client


def test_the_form_schedules_a_jam_and_keeps_what_was_typed_on_error(client, company):
    login(client, company.ceo)
    start = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    form = {
        "title": "Speed 2027",
        "challenge": "How do we ship twice as fast?",
        "starts_at": start,
        "ends_at": start,
        "themes": "Tools @victor\nHabits",
        "hosts": "@grace",
        "goal_pct": "50",
    }
    bad = client.post("/jams/new/", form)
    assert bad.status_code == 422
    assert b"A jam must end after it starts." in bad.content
    assert b"How do we ship twice as fast?" in bad.content
    end = (timezone.localtime() + datetime.timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")
    form.update(ends_at=end, themes="Tools @victor\nHabits @maria")
    done = client.post("/jams/new/", form, follow=True)
    assert b"The jam is scheduled." in done.content and b"Remind me" in done.content
    assert Jam.objects.get().themes.count() == 2


def test_the_form_is_for_leaders_and_administrators(client, company):
    assert login(client, company.member).get("/jams/new/").status_code == 404
    assert b"New jam" not in client.get("/jams/").content
    assert b"New jam" in login(client, company.admin).get("/jams/").content


def test_the_landing_page_counts_down_and_takes_reminders(client, company):
    jam = make_jam(company, starts_in_hours=30)
    login(client, company.member)
    page = client.get(jam.get_absolute_url())
    assert b"Starts in 1" in page.content and b'hx-trigger="every 60s"' in page.content
    partial = client.get(jam.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert partial.content.strip().startswith(b'<p id="countdown"')
    client.post(f"/jams/{jam.slug}/remind/", {"on": "1"})
    assert jam.reminders.filter(person=company.member).exists()


def test_a_theme_page_takes_contributions_and_keeps_text_on_error(client, company):
    jam = make_jam(company)
    theme = jam.themes.first()
    login(client, company.member)
    bad = client.post(
        theme.get_absolute_url(), {"kind": "idea", "title": "x" * 201, "body": "Keep this text"}
    )
    assert bad.status_code == 422 and b"Keep this text" in bad.content
    done = client.post(
        theme.get_absolute_url(),
        {"kind": "idea", "title": "Night chat", "body": "Answer at night"},
        follow=True,
    )
    assert b"your contribution is in" in done.content and b"Night chat" in done.content
    assert b"Merge" not in done.content  # facilitators only


def test_facilitators_spotlight_merge_and_send_alerts(client, company):
    jam = make_jam(company)
    theme = jam.themes.first()
    one, two = idea(jam, company.member, "Night chat"), idea(jam, company.manager, "Chat at night")
    login(client, company.vp)
    page = client.get(theme.get_absolute_url())
    assert b"Duplicate of" in page.content
    client.post(f"/jams/{jam.slug}/contributions/{one.post.pk}/spotlight/", {"on": "1"})
    one.refresh_from_db()
    assert one.spotlight
    merged = client.post(
        f"/jams/{jam.slug}/contributions/{two.post.pk}/merge/",
        {"target": str(one.post.pk)},
        follow=True,
    )
    assert b"Merged" in merged.content
    sent = client.post(f"/jams/{jam.slug}/alerts/", {"body": "Vote now", "theme": ""}, follow=True)
    assert b"The alert is on its way." in sent.content
    assert login(client, company.colleague).get(f"/jams/{jam.slug}/alerts/").status_code == 404


def test_the_dashboard_refreshes_and_the_report_downloads(client, company):
    jam = make_jam(company)
    idea(jam, company.member, "Night chat")
    login(client, company.ceo)
    page = client.get(f"/jams/{jam.slug}/dashboard/")
    assert b'hx-trigger="every 15s"' in page.content and b"Most rated ideas" in page.content
    partial = client.get(f"/jams/{jam.slug}/dashboard/", HTTP_HX_REQUEST="true")
    assert partial.content.strip().startswith(b'<div id="figures"')
    close(jam)
    csv = client.get(f"/jams/{jam.slug}/report.csv")
    assert csv["Content-Type"].startswith("text/csv") and b"Night chat" in csv.content
    pdf = client.get(f"/jams/{jam.slug}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/jams/no-such-jam/").status_code == 404


def test_the_edit_page_keeps_what_was_typed_when_someone_saved_first(client, company):
    jam = make_jam(company, starts_in_hours=24)
    client.force_login(company.ceo)
    page = client.get(f"/jams/{jam.slug}/edit/")
    assert page.status_code == 200
    form = {
        "version": "1",
        "title": "Love 2027",
        "challenge": jam.challenge,
        "starts_at": timezone.localtime(jam.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(jam.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "goal_pct": "50",
    }
    assert client.post(f"/jams/{jam.slug}/edit/", form).status_code == 302
    stale = client.post(f"/jams/{jam.slug}/edit/", {**form, "title": "Second try"})
    assert stale.status_code == 409 and b"Second try" in stale.content
    assert client.get(f"/jams/{jam.slug}/edit/").status_code == 200
    client.force_login(company.member)
    assert client.get(f"/jams/{jam.slug}/edit/").status_code == 404


def test_a_theme_page_costs_the_same_for_few_or_many_contributions(client, company):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    jam = make_jam(company)
    theme = jam.themes.first()
    people = [company.member, company.manager, company.colleague]
    client.force_login(company.vp)  # a facilitator: the merge and tag tools are drawn too

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(theme.get_absolute_url()).status_code == 200
        return len(captured)

    for i in range(3):
        idea(jam, people[i % 3], f"Idea number {i}")
    cost()  # the first visit also counts the reader
    few = cost()
    for i in range(3, 12):
        idea(jam, people[i % 3], f"Idea number {i}")
    assert cost() == few


def test_the_report_pdf_holds_many_ideas_with_long_titles(client, company):
    jam = make_jam(company)
    titles = [f"Idea {n}: " + "a long title that wraps over the line " * 3 for n in range(30)]
    themes = list(jam.themes.all())
    for n, title in enumerate(titles):
        author = company.member if n % 2 else company.manager
        idea(jam, author, title[:200], theme=themes[n % len(themes)])
    close(jam)
    jam.report_summary = "What we heard, and what we will do next. " * 20
    jam.save(update_fields=["report_summary"])
    pdf = login(client, company.member).get(f"/jams/{jam.slug}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].endswith('-report.pdf"')


def test_a_live_jam_calls_people_to_contribute_and_comes_first_in_the_list(client, company):
    make_jam(company, starts_in_hours=48, title="Later jam")
    live = make_jam(company, title="Live jam")
    login(client, company.member)
    listing = client.get("/jams/").content.decode()
    assert listing.index("Live now") < listing.index("Coming up")
    assert listing.index("Live jam") < listing.index("Later jam")
    landing = client.get(live.get_absolute_url()).content.decode()
    assert "The jam is live: bring your ideas" in landing
    theme = live.themes.get(title="Customers")
    assert f'href="{theme.get_absolute_url()}#contribute"' in landing
    assert 'id="contribute"' in client.get(theme.get_absolute_url()).content.decode()
    later = client.get(Jam.objects.get(title="Later jam").get_absolute_url()).content.decode()
    assert "bring your ideas" not in later
