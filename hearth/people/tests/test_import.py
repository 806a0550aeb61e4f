import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import CommandError, call_command

from hearth.core.models import Event
from hearth.people.importer import org_import
from hearth.people.models import Person

HEADER = "employee_id,email,name,title,department,location,country,manager_id,skills,hire_date\n"
GOOD = (
    HEADER
    + "E1,grace@tellall.example,Grace Mensah,CEO,Executive Office,London,GB,,Strategy,2010-01-04\n"
    + "E2,victor@tellall.example,Victor Vale,VP Sales,Sales,Madrid,Spain,E1,Negotiation;Pricing,\n"
    + "E3,ana.ribeiro@tellall.example,Ana Ribeiro,Network Engineer,Network,São Paulo,BR,E2,5G,\n"
)


def run(text: str, **kwargs):
    return org_import(actor=None, data=text.encode(), **kwargs)


@pytest.mark.django_db
def test_it_creates_people_with_their_managers_and_skills():
    report = run(GOOD)
    assert report.ok, report.errors
    assert sorted(report.created) == ["ana.ribeiro", "grace", "victor"]
    ana = Person.objects.get(username="ana.ribeiro")
    assert ana.manager.username == "victor"
    assert ana.manager.manager.username == "grace"
    assert (ana.org_level, ana.location.name, ana.country.code) == (2, "São Paulo", "BR")
    assert Person.objects.get(username="victor").country.code == "ES"  # from the country's name
    assert [t.name for t in Person.objects.get(username="victor").skills.order_by("name")] == [
        "Negotiation",
        "Pricing",
    ]
    assert not ana.has_usable_password()  # first sign-in goes through "forgot password"
    assert EmailAddress.objects.get(user=ana).verified
    assert Event.objects.filter(verb="person.joined").count() == 3
    assert Event.objects.filter(verb="org.imported").get().metadata["created"] == 3


@pytest.mark.django_db
def test_it_updates_by_employee_id_and_deactivates_who_left():
    run(GOOD)
    ana = Person.objects.get(username="ana.ribeiro")
    moved = HEADER + (
        "E1,grace@tellall.example,Grace Mensah,CEO,Executive Office,London,GB,,,2010-01-04\n"
        "E3,ana.ribeiro@tellall.example,Ana Ribeiro,Senior Network Engineer,Network,"
        "São Paulo,BR,E1,,\n"
    )
    report = run(moved)
    assert report.ok, report.errors
    assert report.updated == ["ana.ribeiro"]
    assert report.deactivated == ["victor"]
    ana.refresh_from_db()
    assert (ana.pk, ana.title, ana.manager.username) == (ana.pk, "Senior Network Engineer", "grace")
    victor = Person.objects.get(username="victor")
    assert not victor.is_active and victor.deactivated_at is not None

    report = run(GOOD)
    assert report.reactivated == ["victor"]
    assert Person.objects.get(username="victor").is_active


@pytest.mark.django_db
def test_a_file_without_hire_dates_keeps_those_known():
    run(GOOD)
    without = "employee_id,email,name,title,department,location,country,manager_id\n" + (
        "E1,grace@tellall.example,Grace Mensah,CEO,Executive Office,London,GB,\n"
    )
    report = run(without)
    assert report.ok, report.errors
    assert str(Person.objects.get(username="grace").hire_date) == "2010-01-04"
    # A file with the column and an empty cell says the date is unknown.
    run(GOOD.replace("Strategy,2010-01-04", "Strategy,"))
    assert Person.objects.get(username="grace").hire_date is None


@pytest.mark.django_db
def test_a_dry_run_reports_and_changes_nothing():
    report = run(GOOD, dry_run=True)
    assert report.ok
    assert len(report.created) == 3
    assert report.summary() == (
        "Dry run, nothing saved. Would create 3, update 0, reactivate 0, deactivate 0; 0 unchanged."
    )
    assert Person.objects.count() == 0
    assert Event.objects.count() == 0


@pytest.mark.django_db
def test_an_unchanged_file_changes_nothing():
    run(GOOD)
    report = run(GOOD)
    assert (report.created, report.updated, report.deactivated, report.unchanged) == ([], [], [], 3)


BAD_CASES = [
    (
        "unknown manager",
        HEADER
        + "E1,a@tellall.example,A,CEO,X,London,GB,,,\nE2,b@tellall.example,B,VP,X,London,GB,E9,,\n",
        [(3, "Unknown manager 'E9'")],
    ),
    (
        "cycle",
        HEADER
        + "E1,a@tellall.example,A,CEO,X,London,GB,,,\n"
        + "E2,b@tellall.example,B,VP,X,London,GB,E3,,\n"
        + "E3,c@tellall.example,C,VP,X,London,GB,E2,,\n",
        [(3, "Cycle in the management chain"), (4, "Cycle in the management chain")],
    ),
    (
        "duplicate id",
        HEADER
        + "E1,a@tellall.example,A,CEO,X,London,GB,,,\nE1,b@tellall.example,B,VP,X,London,GB,,,\n",
        [(3, "Duplicate employee_id 'E1' (first on line 2)")],
    ),
    (
        "bad email",
        HEADER + "E1,not-an-email,A,CEO,X,London,GB,,,\n",
        [(2, "'not-an-email' is not a valid email address")],
    ),
    (
        "bad country, date and time zone",
        "employee_id,email,name,title,department,location,country,manager_id,hire_date,time_zone\n"
        "E1,a@tellall.example,A,CEO,X,London,Atlantis,,04/01/2010,Mars/Olympus\n",
        [(2, "unknown country 'Atlantis'")],
    ),
    (
        "a language Hearth does not speak",
        "employee_id,email,name,title,department,location,country,manager_id,language\n"
        "E1,a@tellall.example,A,CEO,X,Berlin,DE,,de\nE2,b@tellall.example,B,VP,X,Berlin,DE,E1,xx\n",
        [(3, f"unknown language 'xx' (use {', '.join(code for code, _ in settings.LANGUAGES)})")],
    ),
    (
        "missing column",
        "employee_id,email,name\nE1,a@tellall.example,A\n",
        [(1, "Missing column(s): title, department, location, country, manager_id")],
    ),
    (
        "unknown column",
        HEADER.strip() + ",salary\nE1,a@tellall.example,A,CEO,X,London,GB,,,,100\n",
        [(1, "Unknown column(s): salary")],
    ),
    (
        "wrong number of fields",
        HEADER + "E1,a@tellall.example,A,CEO\n",
        [(2, "Expected 10 fields, found 4")],
    ),
    ("empty file", "", [(1, "The file is empty")]),
    ("header only", HEADER, [(2, "no people")]),
    (
        "own manager",
        HEADER + "E1,a@tellall.example,A,CEO,X,London,GB,E1,,\n",
        [(2, "cannot be their own manager")],
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "text", "expected"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_a_bad_file_changes_nothing_and_names_every_bad_line(case, text, expected, company):
    before = list(Person.objects.order_by("id").values_list("id", "is_active", "title"))
    report = run(text)
    assert not report.ok
    for line, fragment in expected:
        assert any(n == line and fragment in m for n, m in report.errors), report.errors
    assert list(Person.objects.order_by("id").values_list("id", "is_active", "title")) == before


@pytest.mark.django_db
def test_every_bad_line_is_reported_not_only_the_first():
    text = HEADER + (
        "E1,a@tellall.example,A,CEO,X,London,GB,,,\n"
        "E2,broken,B,VP,X,London,GB,E1,,\n"
        "E3,c@tellall.example,,VP,X,London,GB,E1,,\n"
        "E4,d@tellall.example,D,VP,X,London,Narnia,E1,,\n"
    )
    report = run(text)
    assert [line for line, _m in report.errors] == [3, 4, 5]
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_garbage_files_get_a_clear_error(settings):
    garbage = bytes(range(256)) * 40_000  # 10 MB of binary noise
    report = org_import(actor=None, data=garbage)
    assert not report.ok and "binary data" in report.errors[0][1]
    report = org_import(actor=None, data="é".encode("latin-1") + b"\nabc")
    assert not report.ok and "not UTF-8" in report.errors[0][1]
    settings.HEARTH_IMPORT_MAX_BYTES = 1000
    report = org_import(actor=None, data=b"a" * 2000)
    assert not report.ok and "larger than" in report.errors[0][1]


@pytest.mark.django_db
def test_an_email_of_another_person_is_refused(company):
    text = HEADER + "E1,ana@tellall.example,Someone Else,CEO,X,London,GB,,,\n"
    report = run(text)
    assert not report.ok
    assert "already belongs to another person" in report.errors[0][1]


@pytest.mark.django_db
def test_the_command_line_import_reports_lines_and_fails(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "E1,nope,A,CEO,X,London,GB,,,\n")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("import_org", str(bad))
    assert "line 2:" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    call_command("import_org", str(good), "--dry-run")
    assert "Dry run, nothing saved. Would create 3," in capsys.readouterr().out
    assert Person.objects.count() == 0
    call_command("import_org", str(good))
    assert Person.objects.count() == 3


def test_admins_upload_an_export_and_see_the_bad_lines(client, company):
    client.force_login(company.admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("hr.csv", (HEADER + "E1,nope,A,CEO,X,London,GB,,,\n").encode())
    response = client.post("/people/import/", {"file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert "nothing was changed" in html and "<td>2</td>" in html

    upload = SimpleUploadedFile(
        "hr.csv", (HEADER + "E1,zoe@tellall.example,Zoe,CEO,X,London,GB,,,\n").encode()
    )
    response = client.post("/people/import/", {"file": upload, "dry_run": "on"})
    html = response.content.decode()
    assert "Dry run: nothing was changed" in html
    assert "Would create 1," in html
    assert not Person.objects.filter(username="zoe").exists()


def test_an_oversized_upload_is_refused_before_it_is_read(client, company, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.HEARTH_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    client.force_login(company.admin)
    upload = SimpleUploadedFile("big.csv", b"x" * (3 * 1024 * 1024))
    response = client.post("/people/import/", {"file": upload})
    assert response.status_code == 200
    assert "The file is larger than 2 MB." in response.content.decode()
    assert Person.objects.count() == len(company.everyone)


def test_only_administrators_may_import(member_client):
    response = member_client.get("/people/import/")
    assert response.status_code == 404  # as if there were no such page
    assert member_client.post("/people/import/", {"file": ""}).status_code == 404


@pytest.mark.django_db
def test_a_reimport_replaces_listed_skills_and_keeps_self_added_ones():
    run(GOOD)
    from hearth.people.services import tags_from_names

    grace = Person.objects.get(username="grace")
    grace.skills.add(*tags_from_names(["Public speaking"]))  # added on her profile
    changed = GOOD.replace("Negotiation;Pricing", "Pricing;Forecasting").replace(
        "CEO,Executive Office,London,GB,,Strategy", "CEO,Executive Office,London,GB,,"
    )
    assert run(changed).ok
    victor = Person.objects.get(username="victor")
    assert sorted(t.name for t in victor.skills.all()) == ["Forecasting", "Pricing"]
    # Grace's line names no skills now: what she has stays, including what she added herself.
    assert sorted(t.name for t in grace.skills.all()) == ["Public speaking", "Strategy"]


@pytest.mark.django_db
def test_every_language_the_interface_speaks_is_accepted():
    header = "employee_id,email,name,title,department,location,country,manager_id,language\n"
    lines = [
        # HR systems write "pt_BR" or "AR" as readily as "pt-br" and "ar"
        f"E{n},p{n}@tellall.example,P{n},CTO,IT,Berlin,DE,,{code.upper().replace('-', '_')}"
        for n, (code, _name) in enumerate(settings.LANGUAGES)
    ]
    report = run(header + "\n".join(lines) + "\n")
    assert report.ok, report.errors
    for n, (code, _name) in enumerate(settings.LANGUAGES):
        assert Person.objects.get(email=f"p{n}@tellall.example").language == code
    assert {"de", "es", "ar"} <= {code for code, _name in settings.LANGUAGES}
