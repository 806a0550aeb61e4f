"""Every language Hearth ships is complete: no string of the code or templates is missing from
its catalogue, none is fuzzy (a guess gettext made), and every placeholder is kept.

The catalogues are merged afresh from the sources in a copy of the package, as `make messages`
does, so a string added without its translations fails here, not in front of a reader."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

PACKAGE = Path(settings.PACKAGE_DIR)
# Locale directories: "pt-br" lives in pt_BR, "zh-hans" in zh_Hans.
SHIPPED = [to_locale(c) for c, _name in settings.LANGUAGES if c != settings.LANGUAGE_CODE]


def statistics(po: Path) -> str:
    checked = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr  # a placeholder lost or a plural form missing
    return checked.stderr


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> Path:
    """A copy of the package's sources and catalogues, merged with `makemessages`."""
    if shutil.which("msgfmt") is None:
        pytest.skip("needs gettext (Debian: gettext; .ci/run installs it)")
    copy = tmp_path_factory.mktemp("catalogues") / "hearth"
    shutil.copytree(
        PACKAGE,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static", "tests", "migrations"),
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": ""}  # no LOCALE_PATHS: only the copy's
    command = [sys.executable, "-m", "django", "makemessages", "--no-obsolete"]
    for code in SHIPPED:
        command += ["-l", code]
    done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return copy / "locale"


def test_the_shipped_languages_have_catalogues():
    assert SHIPPED, "Hearth ships more than English"
    for code in SHIPPED:
        assert (PACKAGE / "locale" / code / "LC_MESSAGES" / "django.po").exists(), code


@pytest.mark.parametrize("code", SHIPPED)
def test_every_string_is_translated(merged, code):
    counts = statistics(merged / code / "LC_MESSAGES" / "django.po")
    assert "fuzzy" not in counts and "untranslated" not in counts, f"{code}: {counts}"
