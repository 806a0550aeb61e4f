"""The closing report as files: a CSV of the ideas and follow-ups, and a PDF of the page."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.core.pdf import document, font, line
from hearth.core.spreadsheets import csv_writer

from .models import Jam

if TYPE_CHECKING:  # fpdf2 imports NumPy (tens of MB): loaded when a PDF is made
    from fpdf import FPDF


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
    """The report as a PDF, in the reader's language and time zone (both active when called)."""
    pdf = document()
    font(pdf, "B", 18)
    line(pdf, 9, _("Jam report: %(title)s") % {"title": jam.title})
    font(pdf)
    when = {
        "start": date_format(timezone.localtime(jam.starts_at), "DATETIME_FORMAT"),
        "end": date_format(timezone.localtime(jam.ends_at), "DATETIME_FORMAT"),
        "zone": timezone.get_current_timezone_name(),
    }
    line(pdf, 5, _("%(start)s to %(end)s (%(zone)s)") % when)
    pdf.ln(2)
    line(pdf, 5, jam.challenge)
    figures = data["figures"]
    _heading(pdf, _("Participation"))
    line(
        pdf,
        5,
        _(
            "%(participants)s participants and %(readers)s readers out of an audience of "
            "%(audience)s (goal %(goal)s); %(contributions)s contributions."
        )
        % {
            key: number_format(figures[key])
            for key in ("participants", "readers", "audience", "goal", "contributions")
        },
    )
    if jam.report_summary:
        _heading(pdf, _("Summary"))
        line(pdf, 5, jam.report_summary)
    for group in data["themes"]:
        _heading(pdf, _("Theme: %(title)s") % {"title": group["theme"].title})
        for item in group["ideas"]:
            votes = ngettext("%(n)s vote", "%(n)s votes", item.post.vote_count) % {
                "n": number_format(item.post.vote_count)
            }
            line(pdf, 5, f"- {item.post.display_title} ({votes})")
    if data["clusters"]:
        _heading(pdf, _("Emerging themes"))
        for cluster in data["clusters"]:
            threads = ngettext("%(n)s thread", "%(n)s threads", cluster.size) % {
                "n": number_format(cluster.size)
            }
            line(pdf, 5, f"- {', '.join(cluster.keywords)} ({threads})")
    _heading(pdf, _("Follow-ups"))
    for item in data["follow_ups"]:
        owner = item.owner.name if item.owner_id else "-"
        due = date_format(item.due_on) if item.due_on else "-"
        line(pdf, 5, f"- {item.post.display_title}: {owner}, " + _("due %(day)s") % {"day": due})
    if not data["follow_ups"]:
        line(pdf, 5, _("None selected yet."))
    font(pdf, "I", 8)
    pdf.ln(4)
    made = date_format(timezone.localtime(), "DATETIME_FORMAT")
    line(pdf, 5, _("Generated %(when)s") % {"when": made})
    return bytes(pdf.output())


def _heading(pdf: FPDF, heading: str) -> None:
    pdf.ln(2)
    font(pdf, "B", 13)
    line(pdf, 8, heading)
    font(pdf)


def pdf_response(jam: Jam, data: dict) -> HttpResponse:
    response = HttpResponse(pdf_bytes(jam, data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jam-{jam.slug}-report.pdf"'
    return response
