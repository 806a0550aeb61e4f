"""The closing report as files: a CSV of the ideas and follow-ups, and a PDF of the page."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils import timezone

from hearth.core.pdf import latin, line
from hearth.core.spreadsheets import csv_writer

from .models import Jam

if TYPE_CHECKING:  # fpdf2 imports NumPy (tens of MB): loaded when a PDF is made
    pass


def csv_response(jam: Jam, data: dict) -> HttpResponse:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["theme", "idea", "url", "votes", "comments", "selected", "owner", "due_on"])
    follow = {c.pk: c for c in data["follow_ups"]}
    for group in data["themes"]:
        for item in group["ideas"]:
            chosen = follow.get(item.pk)
            writer.writerow(
                [
                    group["theme"].title,
                    item.post.display_title,
                    item.post.get_absolute_url(),
                    item.post.vote_count,
                    item.post.comment_count,
                    "yes" if chosen else "no",
                    chosen.owner.username if chosen and chosen.owner_id else "",
                    chosen.due_on.isoformat() if chosen and chosen.due_on else "",
                ]
            )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jam-{jam.slug}-report.csv"'
    return response


def pdf_bytes(jam: Jam, data: dict) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    line(pdf, 9, latin(f"Jam report: {jam.title}"))
    pdf.set_font("Helvetica", "", 10)
    line(pdf, 5, latin(f"{jam.starts_at:%Y-%m-%d %H:%M} - {jam.ends_at:%Y-%m-%d %H:%M} UTC"))
    pdf.ln(2)
    line(pdf, 5, latin(jam.challenge))
    figures = data["figures"]
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, "Participation", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    line(
        pdf,
        5,
        latin(
            f"{figures['participants']} participants and {figures['readers']} readers out of an "
            f"audience of {figures['audience']} (goal {figures['goal']}); "
            f"{figures['contributions']} contributions."
        ),
    )
    if jam.report_summary:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 8, "Summary", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        line(pdf, 5, latin(jam.report_summary))
    for group in data["themes"]:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 13)
        line(pdf, 7, latin(f"Theme: {group['theme'].title}"))
        pdf.set_font("Helvetica", "", 10)
        for item in group["ideas"]:
            line(pdf, 5, latin(f"- {item.post.display_title} ({item.post.vote_count} votes)"))
    if data["clusters"]:
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(0, 8, "Emerging themes", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for cluster in data["clusters"]:
            line(pdf, 5, latin(f"- {', '.join(cluster.keywords)} ({cluster.size} threads)"))
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 8, "Follow-ups", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for item in data["follow_ups"]:
        owner = item.owner.name if item.owner_id else "-"
        line(pdf, 5, latin(f"- {item.post.display_title}: {owner}, due {item.due_on}"))
    if not data["follow_ups"]:
        line(pdf, 5, "None selected yet.")
    pdf.set_font("Helvetica", "I", 8)
    pdf.ln(4)
    pdf.cell(0, 5, latin(f"Generated {timezone.now():%Y-%m-%d %H:%M} UTC"))
    return bytes(pdf.output())


def pdf_response(jam: Jam, data: dict) -> HttpResponse:
    response = HttpResponse(pdf_bytes(jam, data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jam-{jam.slug}-report.pdf"'
    return response
