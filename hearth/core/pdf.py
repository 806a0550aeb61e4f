"""Helpers for the PDFs Hearth writes with fpdf2 (jam reports, the value report)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf2 imports NumPy (tens of MB): loaded when a PDF is made
    from fpdf import FPDF


def latin(text: str) -> str:
    """The PDF's built-in fonts cover Latin-1 (English, Spanish, Portuguese, French...); other
    characters are replaced rather than failing the download."""
    return (
        str(text)
        .replace("“", '"')
        .replace("”", '"')
        .replace("’", "'")
        .replace("–", "-")
        .replace("→", "->")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def line(pdf: FPDF, height: float, text: str) -> None:
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
