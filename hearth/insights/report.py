"""The value report: one click gives stakeholders a period's story, as a page, a PDF (fpdf2,
with the charts as real vector images) and a zip of CSV files, one per table.

Everything goes through the selectors, so the privacy rules hold here as on the dashboard:
groups under the threshold suppressed, private communities never named, influencers named
only if they opted in, anonymous contributions never attributed."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hearth.core.errors import Invalid
from hearth.core.pdf import document, font, line, start, text
from hearth.core.spreadsheets import csv_writer

from . import charts, selectors

if TYPE_CHECKING:  # fpdf2 imports NumPy (tens of MB): loaded when a PDF is made
    from fpdf import FPDF


def _trend(name: str, label: str, now, before, unit: str = "") -> dict:
    change = None
    if isinstance(now, int | float) and isinstance(before, int | float):
        change = round(now - before, 3)
    return {
        "name": name,
        "label": label,
        "now": now,
        "before": before,
        "change": change,
        "unit": unit,
    }


def build(viewer, filters: selectors.Filters) -> dict:
    """The report's data; a period in which nothing happened is a 422."""
    d = selectors.dashboard(viewer, filters)
    if not (d["contributions"]["posts"] or d["contributions"]["comments"]):
        raise Invalid(
            _("Nothing was posted in this period: choose another period."),
            [],
        )
    p = selectors.dashboard(viewer, filters.previous())
    headline = [
        _trend(
            "active_share",
            _("Active people (share of employees)"),
            d["active_share"],
            p["active_share"],
            "%",
        ),
        _trend(
            "interactive_share",
            _("Interactive people (share of employees)"),
            d["interactive_share"],
            p["interactive_share"],
            "%",
        ),
        _trend(
            "contributions",
            _("Posts and replies"),
            d["contributions"]["posts"] + d["contributions"]["comments"],
            p["contributions"]["posts"] + p["contributions"]["comments"],
        ),
        _trend(
            "response_rate",
            _("Posts that got a reply"),
            d["response_rate"],
            p["response_rate"],
            "%",
        ),
        _trend(
            "median_first_response_hours",
            _("Median hours to a first reply"),
            d["median_first_response_hours"],
            p["median_first_response_hours"],
            "h",
        ),
        _trend(
            "acknowledgement_rate",
            _("Contributions acknowledged"),
            d["acknowledgement_rate"],
            p["acknowledgement_rate"],
            "%",
        ),
        _trend(
            "questions_answered",
            _("Questions answered"),
            d["questions_answered"],
            p["questions_answered"],
            "%",
        ),
        _trend(
            "cross_department",
            _("Interactions across departments"),
            d["silo"]["cross_department"],
            p["silo"]["cross_department"],
            "%",
        ),
    ]
    influencers = selectors.influencers(viewer, limit=10)["top"]
    return {
        "filters": filters,
        "dashboard": d,
        "headline": [{**h, "change_shown": change_shown(h)} for h in headline],
        "communities": selectors.top_communities(viewer, filters),
        "delivered": selectors.delivered_in(viewer, filters),
        "jams": selectors.jams_in(filters),
        "influencers": influencers,
        "generated_at": timezone.now(),
        "charts": {
            name: chart
            for name, chart in charts.dashboard_charts(d).items()
            if name in ("weekly", "weekly_contributions", "rates")
        },
    }


def change_shown(item: dict) -> str:
    """The change against the period before: "+4 pts" for shares, "+12" for counts."""
    change = item["change"]
    if change is None:
        return "-"
    if item["unit"] == "%":
        points = round(100 * change)
        return f"{points:+d} " + _("pts") if points else "="
    if item["unit"] == "h":
        return f"{change:+g} h" if change else "="
    return f"{change:+,g}" if change else "="


def shown(item: dict) -> str:
    value = item["now"]
    if value is None:
        return "-"
    if item["unit"] == "%":
        return f"{round(100 * value)}%"
    if item["unit"] == "h":
        return f"{value:g} h"
    return f"{value:,}"


def filename(data: dict, ext: str) -> str:
    f = data["filters"]
    return f"hearth-value-report-{f.start:%Y%m%d}-{f.end:%Y%m%d}.{ext}"


# --- PDF -----------------------------------------------------------------------------------


def _heading(pdf: FPDF, heading: str) -> None:
    pdf.ln(3)
    font(pdf, "B", 13)
    line(pdf, 7, heading)
    font(pdf)


def _table(pdf: FPDF, header: list[str], rows: list[list]) -> None:
    """A table read from the start of the line: its first column on the right in Arabic."""
    order = (lambda cells: list(reversed(cells))) if start() == "RIGHT" else list
    with pdf.table(text_align=start(), line_height=5, first_row_as_headings=True) as table:
        row = table.row()
        for cell in order(header):
            row.cell(text(pdf, cell))
        for values in rows:
            row = table.row()
            for cell in order(values):
                row.cell(text(pdf, "-" if cell is None else cell))


def pdf(data: dict) -> bytes:
    f = data["filters"]
    d = data["dashboard"]
    doc = document()
    font(doc, "B", 18)
    line(
        doc,
        9,
        _("What our network did: %(start)s to %(end)s")
        % {"start": date_format(f.start), "end": date_format(f.end)},
    )
    font(doc)
    scope = ", ".join(
        f"{k}: {v}" for k, v in f.describe().items() if v and k not in ("start", "end")
    ) or _("the whole company")
    line(
        doc,
        5,
        _("Scope: %(scope)s. %(n)s employees. Groups under %(t)s people are never shown.")
        % {"scope": scope, "n": d["employees"], "t": d["threshold"]},
    )
    _heading(doc, _("Headlines, against the period before"))
    _table(
        doc,
        [_("Measure"), _("This period"), _("Before"), _("Change")],
        [
            [h["label"], shown(h), shown({**h, "now": h["before"]}), change_shown(h)]
            for h in data["headline"]
        ],
    )
    _heading(doc, _("Activity"))
    doc.image(io.BytesIO(data["charts"]["weekly"].encode()), w=doc.epw)
    doc.image(io.BytesIO(data["charts"]["weekly_contributions"].encode()), w=doc.epw)
    doc.image(io.BytesIO(data["charts"]["rates"].encode()), w=doc.epw)
    bench = d["benchmarks"]
    if bench.get("source"):
        font(doc, "I", 8)
        line(doc, 4, _("Reference lines: %(source)s") % {"source": bench["source"]})
        font(doc)
    if data["communities"]:
        _heading(doc, _("Top communities"))
        _table(
            doc,
            [_("Community"), _("Posts and replies"), _("People")],
            [[r["community"].name, r["contributions"], r["people"]] for r in data["communities"]],
        )
    if data["delivered"]:
        _heading(doc, _("Outcomes delivered"))
        _table(
            doc,
            [_("Community"), _("Deliverable")],
            [[c.name, c.deliverable or "-"] for c in data["delivered"]],
        )
    if data["jams"]:
        _heading(doc, _("Jams"))
        _table(
            doc,
            [_("Jam"), _("Ideas"), _("Contributors"), _("Follow-ups")],
            [
                [j["jam"].title, j["ideas"], j["contributors"], j["follow_ups"]]
                for j in data["jams"]
            ],
        )
    if data["influencers"]:
        _heading(doc, _("Influencers (who agreed to be named)"))
        _table(
            doc,
            [_("Name"), _("Department"), _("People who interacted with them")],
            [
                [
                    i["person"].name,
                    i["person"].department.name if i["person"].department_id else "",
                    i["reach"],
                ]
                for i in data["influencers"]
            ],
        )
    return bytes(doc.output())


# --- CSV -----------------------------------------------------------------------------------


def tables(data: dict) -> dict[str, list[list]]:
    d = data["dashboard"]
    return {
        "headline.csv": [["measure", "this_period", "before", "change"]]
        + [[h["name"], h["now"], h["before"], h["change"]] for h in data["headline"]],
        "weekly.csv": [["week", "active_people", "contributions"]]
        + [[w["week"], w["active"], w["contributions"]] for w in d["weeks"]],
        "posts_by_kind.csv": [["kind", "posts"]]
        + [[k, v] for k, v in d["contributions"]["by_kind"].items()],
        "participation.csv": [["top_pct_of_people", "share_of_contributions"]]
        + [[c["top_pct"], c["share"]] for c in d["participation"]["curve"]],
        "communities.csv": [["community", "contributions", "people"]]
        + [[r["community"].slug, r["contributions"], r["people"]] for r in data["communities"]],
        "delivered.csv": [["community", "deliverable", "delivered_at"]]
        + [
            [c.slug, c.deliverable, c.delivered_at.isoformat() if c.delivered_at else ""]
            for c in data["delivered"]
        ],
        "jams.csv": [["jam", "ideas", "contributors", "follow_ups"]]
        + [[j["jam"].slug, j["ideas"], j["contributors"], j["follow_ups"]] for j in data["jams"]],
        "influencers.csv": [["username", "name", "reach"]]
        + [[i["person"].username, i["person"].name, i["reach"]] for i in data["influencers"]],
    }


def csv_zip(data: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables(data).items():
            text = io.StringIO()
            writer = csv_writer(text)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
            archive.writestr(name, text.getvalue())
    return out.getvalue()
