"""Rules of the house that a test can hold us to."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

PACKAGE = Path(__file__).resolve().parents[2]


def _sources(name: str):
    return [p for p in PACKAGE.glob(f"*/{name}") if "tests" not in p.parts]


@pytest.mark.parametrize("path", _sources("views.py") + _sources("api.py"), ids=str)
def test_views_and_api_read_content_only_through_selectors_and_access(path):
    source = path.read_text()
    assert not re.search(r"\.objects\.", source), f"{path} queries models directly"


def test_no_page_loads_anything_from_a_cdn():
    # Built from pieces so that this test's own source does not look like a CDN reference.
    hosts = ["cdn" + r"\.", "unpkg" + r"\.com", "jsde" + "livr", "google" + "apis", "cdn" + "js"]
    pattern = re.compile("|".join(hosts))
    offenders = [
        str(p)
        for p in PACKAGE.rglob("*")
        if p.suffix in {".html", ".css", ".js"} and pattern.search(p.read_text(errors="ignore"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
