import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hearth.demo.company import CompanyGenerator
from hearth.people.models import Person
from hearth.people.services import token_authenticate


def test_hearth_help_lists_its_commands():
    result = subprocess.run(
        [sys.executable, "-m", "hearth.cli", "--help"], capture_output=True, text=True, timeout=60
    )
    for command in ("serve", "worker", "migrate", "seed", "import-org", "token", "createadmin"):
        assert f"  {command}" in result.stdout


@pytest.mark.parametrize(
    "command", ["serve", "worker", "seed", "import-org", "token", "createadmin"]
)
def test_every_command_explains_itself(command):
    result = subprocess.run(
        [sys.executable, "-m", "hearth.cli", command, "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_token_create_prints_only_a_working_token(company):
    out = StringIO()
    call_command("token", "create", "ana", stdout=out)
    raw = out.getvalue().strip()
    assert "\n" not in raw and raw.startswith("hth_")
    assert token_authenticate(token=raw).person == company.member
    with pytest.raises(CommandError, match="No active person"):
        call_command("token", "create", "fred")


@pytest.mark.django_db
def test_createadmin_runs_unattended_and_refuses_bad_input():
    call_command(
        "createadmin",
        "--username",
        "root",
        "--email",
        "root@tellall.example",
        "--password",
        "a-long-and-secret-passphrase",
        stdout=StringIO(),
    )
    admin = Person.objects.get(username="root")
    assert admin.is_superuser and admin.check_password("a-long-and-secret-passphrase")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "createadmin",
            "--username",
            "root",
            "--email",
            "bad",
            "--password",
            "123",
            stdout=StringIO(),
            stderr=err,
        )
    text = err.getvalue()
    assert "username: The username 'root' is taken." in text
    assert "email:" in text and "password:" in text


def test_the_demo_company_is_the_same_for_the_same_seed():
    first = CompanyGenerator(200, 5).build()
    again = CompanyGenerator(200, 5).build()
    other = CompanyGenerator(200, 6).build()
    assert [(e.email, e.manager_id, e.title) for e in first] == [
        (e.email, e.manager_id, e.title) for e in again
    ]
    assert [e.email for e in first] != [e.email for e in other]


def test_the_demo_company_looks_like_a_multinational():
    employees = CompanyGenerator(3000, 42).build()
    by_id = {e.employee_id: e for e in employees}

    def depth(e):
        n = 0
        while e.manager_id:
            e, n = by_id[e.manager_id], n + 1
        return n

    assert len(employees) == 3000
    assert 6 <= max(depth(e) for e in employees) + 1 <= 8
    assert len({e.country for e in employees}) == 20
    assert len({e.email for e in employees}) == 3000
    assert sum(1 for e in employees if not e.manager_id) == 1


@pytest.mark.django_db
def test_seed_loads_the_demo_and_prints_the_four_sign_ins(settings):
    settings.HEARTH_BASE_URL = "http://127.0.0.1:8131"
    out, progress = StringIO(), StringIO()
    call_command("seed", "--people", "60", "--seed", "3", stdout=out, stderr=progress)
    text = out.getvalue()
    assert "Sign in at http://127.0.0.1:8131 with one of these accounts:" in text
    # Progress, one line at a time in a log: how far, how fast, how long is left.
    lines = progress.getvalue().splitlines()
    assert lines and "posts: 100%" in lines[-1] and "posts/s" in lines[-1]
    assert all("\r" not in line for line in lines)
    assert "follows" in text and "point awards" in text and "events" in text
    for role in ("employee", "facilitator", "executive", "administrator"):
        assert role in text
    assert "ana.ribeiro@tellall.example" in text
    admin = Person.objects.get(email="manoj.shah@tellall.example")
    assert admin.is_superuser and admin.check_password("tellall-demo")
    assert Person.objects.get(email="grace.mensah@tellall.example").is_leader
    call_command("seed", "--people", "60", "--seed", "3", stdout=out)
    assert Person.objects.count() == 60  # seeding again refreshes, it does not duplicate
