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
        "outcomes": outcome_rows(selectors.outcomes(filters)),
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


def outcome_rows(o: dict) -> dict:
    """The outcomes as the report shows them: the period's results against the period before,
    and the people outcomes over the year to the period's end, each sentence saying how groups
    differ, never why."""
    now, before = o["period"]["now"], o["period"]["before"]
    assumed = o["assumed"]
    period = [
        _trend(
            "questions_answered_count",
            _("Questions answered"),
            now["questions_answered"],
            before["questions_answered"],
        ),
        _trend(
            "hours_saved",
            _("Hours saved (assumed: %(n)d minutes per answered question)")
            % {"n": assumed["minutes"]},
            o["hours_saved"]["now"],
            o["hours_saved"]["before"],
            "h",
        ),
        _trend("ideas_shipped", _("Ideas shipped"), now["ideas_shipped"], before["ideas_shipped"]),
        _trend(
            "charters_delivered",
            _("Communities that delivered their charter"),
            now["charters_delivered"],
            before["charters_delivered"],
        ),
    ]
    r, n = o["retention"], o["newcomers"]
    people = [
        {
            "name": "stayed_participants",
            "label": _("Still here: people who took part"),
            "group": r["participants"]["people"],
            "value": r["participants"]["stayed"],
            "unit": "%",
        },
        {
            "name": "stayed_others",
            "label": _("Still here: people who did not take part"),
            "group": r["others"]["people"],
            "value": r["others"]["stayed"],
            "unit": "%",
        },
        {
            "name": "newcomers_answered",
            "label": _("Newcomers whose question got an accepted answer in their first 90 days"),
            "group": n["people"],
            "value": n["answered"],
            "unit": "%",
        },
        {
            "name": "newcomers_answered_days",
            "label": _("Median days to that first accepted answer"),
            "group": n["answered_people"],
            "value": n["answered_days"],
            "unit": "d",
        },
        {
            "name": "newcomers_connected",
            "label": _("Newcomers introduced and connected to a colleague in their first 90 days"),
            "group": n["people"],
            "value": n["connected"],
            "unit": "%",
        },
        {
            "name": "newcomers_connected_days",
            "label": _("Median days to that first connection"),
            "group": n["connected_people"],
            "value": n["connected_days"],
            "unit": "d",
        },
    ]
    return {
        "period": [{**t, "change_shown": change_shown(t)} for t in period],
        "people": [{**p, "shown": value_shown(p)} for p in people],
        "retention": r,
        "newcomers": n,
        "assumed": assumed,
        "retention_said": retention_said(r),
        "assumption_said": assumption_said(assumed),
        "people_said": people_said({"retention": r, "newcomers": n}),
    }


def value_shown(item: dict) -> str:
    value = item["value"]
    if item["group"] == 0:
        return "-"
    if value is None:
        return _("not shown (fewer than %(n)d people)") % {"n": selectors.threshold()}
    if item["unit"] == "%":
        return f"{round(100 * value)}%"
    return _("%(n)s days") % {"n": f"{value:g}"}


def retention_said(r: dict) -> str:
    """One sentence comparing who stayed, claiming no cause."""
    took, others = r["participants"]["stayed"], r["others"]["stayed"]
    if took is None or others is None:
        return _("Too few people in one of the groups to compare who stayed.")
    figures = {"took": round(100 * took), "others": round(100 * others)}
    if figures["took"] > figures["others"]:
        said = _("People who took part stayed more often: %(took)d%% against %(others)d%%.")
    elif figures["took"] < figures["others"]:
        said = _("People who took part stayed less often: %(took)d%% against %(others)d%%.")
    else:
        said = _("People who took part stayed as often as the others: %(took)d%%.")
    return (
        said % figures
        + " "
        + _(
            "This shows how the groups differ, not why: it does not say that taking part "
            "made anyone stay."
        )
    )


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


def _outcomes_pdf(doc: FPDF, o: dict) -> None:
    _heading(doc, _("Outcomes in this period, against the period before"))
    _table(
        doc,
        [_("Measure"), _("This period"), _("Before"), _("Change")],
        [
            [t["label"], shown(t), shown({**t, "now": t["before"]}), change_shown(t)]
            for t in o["period"]
        ],
    )
    font(doc, "I", 8)
    line(doc, 4, o["assumption_said"])
    font(doc)
    r = o["retention"]
    _heading(
        doc,
        _("People outcomes, %(start)s to %(end)s")
        % {"start": date_format(r["start"]), "end": date_format(r["end"])},
    )
    _table(
        doc,
        [_("Measure"), _("People"), _("Value")],
        [[p["label"], p["group"], p["shown"]] for p in o["people"]],
    )
    font(doc, "I", 8)
    line(doc, 4, o["retention_said"])
    line(doc, 4, o["people_said"])
    font(doc)


def assumption_said(assumed: dict) -> str:
    if assumed["set_by"] is None:
        return _(
            "Time saved is an assumption, not a measure: %(n)d minutes per answered question "
            "(the default; an administrator may change it)."
        ) % {"n": assumed["minutes"]}
    return _(
        "Time saved is an assumption, not a measure: %(n)d minutes per answered question, "
        "set by %(who)s on %(when)s."
    ) % {
        "n": assumed["minutes"],
        "who": assumed["set_by"].name,
        "when": date_format(assumed["set_at"]),
    }


def people_said(o: dict) -> str:
    r, n = o["retention"], o["newcomers"]
    return _(
        "Took part: posted, replied or reacted in the 90 days before %(start)s. Newcomers: "
        "people who joined between %(from)s and %(to)s."
    ) % {
        "start": date_format(r["start"]),
        "from": date_format(n["joined_from"]),
        "to": date_format(n["joined_to"]),
    }


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
    _outcomes_pdf(doc, data["outcomes"])
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
        "outcomes.csv": [["measure", "this_period", "before", "change"]]
        + [[t["name"], t["now"], t["before"], t["change"]] for t in data["outcomes"]["period"]]
        + [["minutes_saved_per_answer_assumed", data["outcomes"]["assumed"]["minutes"], "", ""]],
        "people_outcomes.csv": [["measure", "people", "value"]]
        + [[p["name"], p["group"], p["value"]] for p in data["outcomes"]["people"]],
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
