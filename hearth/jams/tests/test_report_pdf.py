"""The jam report's PDF keeps every letter of every script, and speaks the reader's language."""

from __future__ import annotations

import datetime
import re

import pypdfium2
import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from hearth.core.pdf import font_files
from hearth.jams.services import follow_up_set

from .factories import close, make_jam
from .test_jams import idea

# The demo company's own people, and titles in the scripts Tell All's countries write.
NAMES = "Łukasz Wiśniewski, Jiří Dvořák, Ayşe Şahin"
TITLES = {
    "greek": "Νέο σύστημα αποθήκης",
    "cyrillic": "Новая система склада",
    "chinese": "新的仓库系统",
    "japanese": "倉庫のシステム",
    "arabic": "نظام المستودع الجديد",
    "hindi": "नई गोदाम प्रणाली",
}


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    return " ".join(text.split())  # lines wrap where the page ends


def fonts_in(content: bytes) -> set[str]:
    """The font names the PDF embeds (subset prefixes dropped)."""
    names = re.findall(rb"/BaseFont /(?:[A-Z]{6}\+)?([A-Za-z0-9-]+)", content)
    return {name.decode() for name in names}


@pytest.fixture
def unicode_fonts():
    if not font_files():
        pytest.skip("needs Debian's fonts-noto-core and fonts-noto-cjk (.ci/run installs them)")


def test_the_report_keeps_every_letter_of_every_script(client, company, unicode_fonts):
    company.member.display_name = "Łukasz Wiśniewski"
    company.member.save(update_fields=["display_name"])
    jam = make_jam(company, title=f"Jam with {NAMES}")
    first = idea(jam, company.member, f"Ideas from {NAMES}")
    themes = list(jam.themes.all())  # the report lists each theme's top five ideas
    for number, title in enumerate(TITLES.values()):
        idea(jam, company.manager, title, theme=themes[number % len(themes)])
    close(jam)
    follow_up_set(
        actor=company.ceo,
        contribution=first,
        selected=True,
        owner=company.member,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    client.force_login(company.ceo)
    response = client.get(f"/jams/{jam.slug}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert f"Jam report: Jam with {NAMES}" in text
    assert f"Ideas from {NAMES}" in text
    assert f"Ideas from {NAMES}: Łukasz Wiśniewski, due" in text
    for script, title in TITLES.items():
        assert title in text, script
    # Arabic is shaped (joined letters) and laid out right to left; Devanagari forms its
    # conjuncts: each comes from its own font, so none of it is lost or replaced.
    embedded = fonts_in(response.content)
    assert {"NotoSans", "NotoSansBold", "NotoSansArabic", "NotoSansDevanagari"} <= embedded
    assert any(name.startswith("NotoSansCJK") for name in embedded)


def test_the_report_speaks_the_readers_language_and_zone(client, company, unicode_fonts):
    jam = make_jam(company)
    idea(jam, company.member, "Turnos nocturnos más cortos")
    close(jam)
    company.ceo.language = "es"
    company.ceo.time_zone = "America/Mexico_City"
    company.ceo.save(update_fields=["language", "time_zone"])
    client.force_login(company.ceo)
    text = pdf_text(client.get(f"/jams/{jam.slug}/report.pdf").content)
    assert "Informe del jam: Customer obsession 2027" in text and "Participación" in text
    assert "Seguimientos Aún no se ha seleccionado ninguna." in text
    assert "(America/Mexico_City)" in text and "Turnos nocturnos más cortos (0 votos)" in text
    jam.refresh_from_db()
    with translation.override("es"), timezone.override("America/Mexico_City"):
        start = date_format(timezone.localtime(jam.starts_at), "DATETIME_FORMAT")
    assert f"Del {start} al " in text and " de 202" in start  # "1 de diciembre de 2026 a las 13:24"
    assert "Jam report" not in text and "Participation" not in text


def test_without_unicode_fonts_the_report_still_downloads(client, company, settings, tmp_path):
    from hearth.core import pdf as pdf_module

    settings.HEARTH_PDF_FONT_DIRS = [str(tmp_path)]  # nothing there
    pdf_module._files_in.cache_clear()
    try:
        jam = make_jam(company, title=f"Jam with {NAMES}")
        close(jam)
        client.force_login(company.ceo)
        response = client.get(f"/jams/{jam.slug}/report.pdf")
        assert response.status_code == 200
        assert "Jam with ?ukasz Wi?niewski" in pdf_text(response.content)
        from django.core import checks

        warnings = [m.id for m in checks.run_checks() if m.id and m.id.startswith("hearth.")]
        assert "hearth.W010" in warnings
    finally:
        pdf_module._files_in.cache_clear()


def test_an_arabic_readers_report_reads_right_to_left(client, company, unicode_fonts):
    jam = make_jam(company, title="نظام المستودع الجديد")
    idea(jam, company.member, "نوبات ليلية أقصر")
    close(jam)
    company.ceo.language = "ar"
    company.ceo.save(update_fields=["language"])
    client.force_login(company.ceo)
    content = client.get(f"/jams/{jam.slug}/report.pdf").content
    text = pdf_text(content)
    assert "تقرير جلسة الحوار: نظام المستودع الجديد" in text  # "Jam report: ..."
    assert "المشاركة" in text and "لم يُختر شيء بعد." in text  # "Participation", "None selected"
    assert "Jam report" not in text and "Participation" not in text
    # The heading starts at the right margin and runs leftwards, its first letter rightmost.
    page = pypdfium2.PdfDocument(content)[0]
    chars = page.get_textpage()
    boxes = [chars.get_charbox(i) for i in range(5)]  # (left, bottom, right, top)
    margin = page.get_width() - boxes[0][2]
    assert 20 < margin < 40  # fpdf2's 1 cm margin is 28 points
    assert [box[0] for box in boxes] == sorted((box[0] for box in boxes), reverse=True)
