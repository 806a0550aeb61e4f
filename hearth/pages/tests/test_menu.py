"""The account menu: each app declares its entries and who sees them
(core.registry.menu_entries); every page shows a person the entries of their roles, in order,
asking each role once."""

from __future__ import annotations

import re

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

EVERYONE = [
    "My profile",
    "Edit profile",
    "Bookmarks",
    "Drafts",
    "Email settings",
    "Expert requests",
    "My reports",
    "Blocked and muted",
    "People to meet",
    "Leadership corner",
    "My impact",
    "Leaderboards",
    "Recognition wall",
    "Drafting for leaders",
    "Your data",
    "API tokens",
    "Connected apps",
    "Password",
    "Two-factor authentication",
]


def menu_of(client, person) -> list[str]:
    client.force_login(person)
    page = client.get("/").content.decode()
    menu = page.split('<ul class="menu-list">', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"\s+", " ", label).strip() for label in re.findall(r">([^<>]+)</a>", menu)]


def test_a_member_sees_the_entries_everyone_has_in_order(client, company, places):
    assert menu_of(client, company.member) == EVERYONE


def test_a_community_facilitator_also_moderates_and_facilitates(client, company, places):
    menu = menu_of(client, company.vp)  # Victor facilitates Network Ops
    assert menu == [*EVERYONE[:14], "Facilitation", "Moderation", *EVERYONE[14:]]


def test_an_auditor_reads_the_audit_log_and_nothing_of_the_administrators(client, company):
    company.member.user_permissions.add(Permission.objects.get(codename="audit"))
    menu = menu_of(client, company.member)
    assert "Audit log" in menu
    assert not {"Identity reveals", "Administration", "Moderation"} & set(menu)


def test_an_administrator_sees_every_entry(client, company):
    assert menu_of(client, company.admin) == [
        *EVERYONE[:14],
        "Facilitation",
        "Moderation",
        "Audit log",
        "Identity reveals",
        "Your data",
        "Webhooks",
        "Provisioning (SCIM)",
        "Privacy and retention",
        "API tokens",
        "Connected apps",
        "Password",
        "Two-factor authentication",
        "Import org chart",
        "Point rules",
        "Administration",
    ]


def test_each_role_is_asked_once_per_page(company, places):
    """Facilitation and Moderation share one check: one look at the memberships per page."""
    from hearth.pages.context_processors import account_menu

    with CaptureQueriesContext(connection) as queries:
        menu = account_menu(company.member)
    memberships = [q for q in queries if "communities_membership" in q["sql"]]
    assert len(memberships) == 1 and len(queries) <= 3
    assert "Moderation" not in [entry["label"] for entry in menu]
