"""Each demo person at work on first sign-in, on two seeds: the employee has notifications and
an invitation with its reason; the facilitator's queue holds questions waiting for an answer;
the executive, the communications lead and the administrator find their pages full."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from hearth.communities.models import Invitation
from hearth.core.events import events_dispatch
from hearth.demo.company import PERSONAS
from hearth.demo.personas import seed_personas
from hearth.people.models import Person

pytestmark = pytest.mark.django_db


def person(role: str) -> Person:
    return Person.objects.get(display_name=PERSONAS[role][0])


@pytest.mark.parametrize("seed", [42, 7])
def test_each_demo_person_finds_their_pages_full(client, seed):
    call_command("seed", people=150, seed=seed, days=60, stdout=open("/dev/null", "w"))  # noqa: SIM115
    events_dispatch()
    ana, naveen = person("employee"), person("facilitator")
    invitation = Invitation.objects.get(invitee=ana, state=Invitation.State.SENT)
    assert invitation.reason

    client.force_login(ana)
    assert "bell-count" in client.get("/").content.decode()
    notes = client.get("/notifications/").content.decode()
    assert "invited you" in notes
    client.force_login(naveen)
    queue = client.get("/facilitation/").content.decode()
    assert "Which test tools do we use for 5G small cells?" in queue
    client.force_login(person("executive"))
    assert client.get("/leaders/scorecard/").status_code == 200
    client.force_login(person("administrator"))
    assert "Nothing in the log matches." not in client.get("/moderation/audit/").content.decode()
    assert seed_personas() == 0  # run again, nothing new
