"""A walk through the main pages in every language Hearth ships, in a real browser: no sentence of
the interface is left in English, and the page says which language it is in."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

from hearth.conftest import sign_in
from hearth.conversations.tests.factories import make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHIPPED = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PAGES = [
    "/",
    "/discover/",
    "/communities/",
    "/jams/",
    "/people/",
    "/insights/",
    "/search/?q=rota",
    "/notifications/",
    "/notifications/preferences/",
    "/notifications/push/",
    "/people/ana/",
    "/recognition/me/",
    "/recognition/",
    "/leaders/",
]


def english_sentences(code: str) -> set[str]:
    """The interface's English sentences that this language says otherwise: any of them on a
    page means a string was left untranslated (words alone, such as "Jam", may be the same)."""
    path = Path(settings.PACKAGE_DIR) / "locale" / to_locale(code) / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as catalogue:
        entries = gettext.GNUTranslations(catalogue)._catalog  # type: ignore[attr-defined]
    found = set()
    for source, translated in entries.items():
        text = source[0] if isinstance(source, tuple) else source
        if (
            isinstance(text, str)
            and len(text.split()) >= 3
            and "%" not in text
            and "{" not in text
            and translated != text
        ):
            found.add(text)
    return found


@pytest.mark.parametrize("code", SHIPPED)
def test_the_main_pages_have_no_english_left(page, company, places, code):
    company.member.language = code
    company.member.save(update_fields=["language"])
    make_post(company.vp, places.open, title="Night shift rota", body="Who covers Friday?")
    sentences = english_sentences(code)
    assert len(sentences) > 500  # the catalogue is there and says most things otherwise
    sign_in(page, company.member.email)
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == code, path
        text = " ".join(page.locator("body").inner_text().split())
        left = sorted(s for s in sentences if s in text)
        assert left == [], f"{path}: {left}"
