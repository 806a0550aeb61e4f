"""The PDFs Hearth writes with fpdf2 (jam reports, the value report), in every script.

Names and titles come from twenty countries: "Łukasz Wiśniewski", "Ayşe Şahin", Arabic,
Devanagari and Chinese text must all come out whole. The fonts are the Noto family from the
operating system's packages (Debian: fonts-noto-core and fonts-noto-cjk), looked up in
HEARTH_PDF_FONT_DIRS: Noto Sans for Latin, Greek and Cyrillic, with Noto Sans Arabic,
Devanagari and CJK as fallbacks for the letters it lacks, and HarfBuzz (uharfbuzz) to join
Arabic letters, form Devanagari conjuncts and lay right-to-left text out. Without Noto Sans,
DejaVu Sans (fonts-dejavu-core) is used; without either, the PDF's built-in Helvetica, which
only has Latin-1, and a system check says so (`hearth check`).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import checks
from django.utils import translation

if TYPE_CHECKING:  # fpdf2 imports NumPy (tens of MB): loaded when a PDF is made
    from fpdf import FPDF

FAMILY = "hearth"
# (family, style): the font files to try, first found wins.
FONTS: dict[tuple[str, str], tuple[str, ...]] = {
    (FAMILY, ""): ("NotoSans-Regular.ttf", "DejaVuSans.ttf"),
    (FAMILY, "B"): ("NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
    (FAMILY, "I"): ("NotoSans-Italic.ttf", "DejaVuSans-Oblique.ttf"),
    ("hearth-arabic", ""): ("NotoSansArabic-Regular.ttf",),
    ("hearth-arabic", "B"): ("NotoSansArabic-Bold.ttf",),
    ("hearth-devanagari", ""): ("NotoSansDevanagari-Regular.ttf",),
    ("hearth-devanagari", "B"): ("NotoSansDevanagari-Bold.ttf",),
    ("hearth-cjk", ""): ("NotoSansCJK-Regular.ttc",),
    ("hearth-cjk", "B"): ("NotoSansCJK-Bold.ttc",),
}
FALLBACKS = ("hearth-arabic", "hearth-devanagari", "hearth-cjk")


@functools.cache
def _files_in(directories: tuple[str, ...]) -> dict[str, Path]:
    """Every font file under the directories, by file name (the first one found wins)."""
    wanted = {name for names in FONTS.values() for name in names}
    found: dict[str, Path] = {}
    for directory in directories:
        for root, _dirs, files in os.walk(directory):
            for name in files:
                if name in wanted and name not in found:
                    found[name] = Path(root) / name
    return found


def font_files() -> dict[tuple[str, str], Path]:
    """The font file each (family, style) uses on this machine; missing ones are left out."""
    available = _files_in(tuple(str(d) for d in settings.HEARTH_PDF_FONT_DIRS))
    chosen: dict[tuple[str, str], Path] = {}
    for key, names in FONTS.items():
        path = next((available[n] for n in names if n in available), None)
        if path is not None:
            chosen[key] = path
    return chosen


def document() -> FPDF:
    """A new A4 document with its first page, set to write any script."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    files = font_files()
    if (FAMILY, "") in files:
        for (family, style), path in files.items():
            pdf.add_font(family, style, path)
        for style in ("B", "I"):
            if (FAMILY, style) not in files:  # a bold or italic face missing: the regular one
                pdf.add_font(FAMILY, style, files[(FAMILY, "")])
        pdf.set_fallback_fonts([f for f in FALLBACKS if (f, "") in files], exact_match=False)
        # Each paragraph's direction comes from its first letter (fpdf2's bidirectional
        # algorithm); forcing it from the reader's language reverses mixed lines in fpdf2 2.8.
        pdf.set_text_shaping(True)
    pdf.add_page()
    return pdf


def is_unicode(pdf: FPDF) -> bool:
    return FAMILY in pdf.fonts


def font(pdf: FPDF, style: str = "", size: float = 10) -> None:
    pdf.set_font(FAMILY if is_unicode(pdf) else "Helvetica", style, size)


def text(pdf: FPDF, value: object) -> str:
    """The text as the document's fonts can write it."""
    return str(value) if is_unicode(pdf) else latin(str(value))


def latin(value: str) -> str:
    """The PDF's built-in fonts cover Latin-1 only; other characters are replaced rather than
    failing the download (used only where no Unicode font is installed)."""
    return (
        value.replace("“", '"')
        .replace("”", '"')
        .replace("’", "'")
        .replace("–", "-")
        .replace("—", "-")
        .replace("→", "->")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def start() -> str:
    """Where lines start in the reader's language: the right edge for Arabic."""
    return "RIGHT" if translation.get_language_bidi() else "LEFT"


def line(pdf: FPDF, height: float, value: object) -> None:
    pdf.multi_cell(0, height, text(pdf, value), align=start()[0], new_x="LMARGIN", new_y="NEXT")


@checks.register()
def fonts_check(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    files = font_files()
    if (FAMILY, "") not in files:
        return [
            checks.Warning(
                "No Unicode font for PDFs: reports will lose letters outside Latin-1.",
                hint="Install Debian's fonts-noto-core and fonts-noto-cjk, or set "
                "HEARTH_PDF_FONT_DIRS to where Noto Sans is.",
                id="hearth.W010",
            )
        ]
    missing = [f for f in FALLBACKS if (f, "") not in files]
    if missing:
        return [
            checks.Warning(
                f"PDFs have no font for {', '.join(m.split('-')[1] for m in missing)} text.",
                hint="Install Debian's fonts-noto-core and fonts-noto-cjk.",
                id="hearth.W011",
            )
        ]
    return []
