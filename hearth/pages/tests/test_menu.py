"""The account menu: each app declares its entries and who sees them
(core.registry.menu_entries); every page shows a person the entries of their roles, in order,
asking each role once."""

from __future__ import annotations

import re

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

YOU = ["My profile", "My impact", "Bookmarks", "Drafts", "My reports", "My data and exports"]
COMPANY = [
    "Leadership corner",
    "Ideas: you said, we did",
    "Recognition wall",
    "Leaderboards",
    "People to meet",
]
SETTINGS = [
    "Edit profile",
    "Email settings",
    "Expert requests",
    "Blocked and muted",
    "Password",
    "Two-factor authentication",
    "API tokens",
    "Connected apps",
]
EVERYONE = [*YOU, *COMPANY, *SETTINGS]


def menu_of(client, person) -> list[str]:
    client.force_login(person)
    page = client.get("/").content.decode()
    menu = page.split('<ul class="menu-list">', 1)[1].split("</details>", 1)[0]
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r">([^<>]+)</a>", menu)]


def sections_of(client, person) -> list[str]:
    client.force_login(person)
    page = client.get("/").content.decode()
    return re.findall(r'<span class="menu-heading" id="menu-[a-z]+">([^<]+)</span>', page)


def test_a_member_sees_what_is_theirs_around_the_company_and_settings(client, company, places):
    assert not company.member.is_leader
    assert menu_of(client, company.member) == EVERYONE
    assert sections_of(client, company.member) == ["You", "Around the company", "Settings"]


def test_a_community_facilitator_who_leads_people_sees_those_sections(client, company, places):
    menu = menu_of(client, company.vp)  # Victor facilitates Network Ops and leads a team
    assert menu == [
        *YOU,
        *COMPANY,
        "Facilitation queue",
        "My scorecard",
        "Drafting for leaders",
        "Moderation",
        *SETTINGS,
    ]
    assert sections_of(client, company.vp) == [
        "You",
        "Around the company",
        "Facilitation",
        "Leadership",
        "Moderation and audit",
        "Settings",
    ]


def test_an_auditor_reads_the_audit_log_and_nothing_of_the_administrators(client, company):
    company.member.user_permissions.add(Permission.objects.get(codename="audit"))
    menu = menu_of(client, company.member)
    assert "Audit log" in menu
    assert not {"Identity reveals", "Django administration", "Moderation"} & set(menu)


def test_a_delegate_drafts_for_their_leader_without_leading(client, company):
    from hearth.leadership.services import delegate_grant

    assert "Drafting for leaders" not in menu_of(client, company.member)
    delegate_grant(actor=company.ceo, delegate=company.member)
    menu = menu_of(client, company.member)
    assert "Drafting for leaders" in menu and "My scorecard" not in menu


def test_an_administrator_sees_the_administration_but_no_empty_role(client, company):
    menu = menu_of(client, company.admin)  # leads no community and nobody reports to them
    assert menu == [
        *YOU,
        *COMPANY,
        "Moderation",
        "Audit log",
        "Identity reveals",
        "Import org chart",
        "Webhooks",
        "Provisioning (SCIM)",
        "Privacy and retention",
        "Point rules",
        "Django administration",
        *SETTINGS,
    ]


def test_every_entry_of_every_role_opens(client, company, places):
    """The role walk: each person follows every link their navigation offers: 200."""
    from hearth.leadership.services import delegate_grant
    from hearth.pages.context_processors import account_menu

    company.colleague.user_permissions.add(Permission.objects.get(codename="audit"))
    company.colleague.user_permissions.add(Permission.objects.get(codename="view_insights"))
    delegate_grant(actor=company.ceo, delegate=company.colleague)
    primary = ["/", "/communities/", "/jams/", "/people/", "/insights/", "/search/"]
    people = [company.member, company.colleague, company.manager, company.vp, company.ceo]
    for person in [*people, company.admin]:
        client.force_login(person)
        links = [person.get_absolute_url(), *primary]
        links += [entry["href"] for entry in account_menu(person)]
        for href in links:
            answer = client.get(href)
            assert answer.status_code == 200, (person.username, href, answer.status_code)


def test_each_role_is_asked_once_per_page(company, places):
    """Facilitating and moderating each look at the memberships once per page, whatever the
    number of entries they show."""
    from hearth.pages.context_processors import account_menu

    with CaptureQueriesContext(connection) as queries:
        menu = account_menu(company.member)
    memberships = [q for q in queries if "communities_membership" in q["sql"]]
    assert len(memberships) == 2 and len(queries) <= 5
    assert "Moderation" not in [entry["label"] for entry in menu]
