"""Charts that read at a glance: whole, round axis steps; reference labels over the bars; one
unit per chart; no week still under way; the headline's change against the period before."""

from __future__ import annotations

import datetime
import re

from django.utils import translation
from django.utils.translation import gettext

from hearth.core import formats
from hearth.insights import charts, report


def _ticks(svg: str) -> list[str]:
    return re.findall(r'text-anchor="end" fill="#6b5b50">([^<]+)</text>', svg)


def test_count_axes_step_in_whole_round_numbers():
    for top, expected in ((70, ["0", "20", "40", "60", "80"]), (3, ["0", "1", "2", "3", "4"])):
        svg = charts.bar_chart("Counts", [("a", top), ("b", 1)])
        assert _ticks(svg) == expected
    assert charts._scale([1234]) == 2000.0


def test_reference_labels_are_drawn_over_the_bars():
    svg = charts.bar_chart("Rates", [("x", 90)], reference=[(50, "average")], top=100)
    assert svg.index("<rect") < svg.index(">average</text>")
    assert 'paint-order="stroke"' in svg


def test_the_trend_has_one_unit_per_chart_and_no_week_under_way():
    weeks = [
        {"week": "2026-11-16", "active": 40, "contributions": 300},
        {"week": "2026-11-23", "active": 42, "contributions": 310},
        {"week": "2026-11-30", "active": 9, "contributions": 20},  # ends after the period
    ]
    whole = charts._whole_weeks(weeks, "2026-12-04")
    assert [w["week"] for w in whole] == ["2026-11-16", "2026-11-23"]
    assert charts._whole_weeks(weeks, "2026-12-06")[-1]["week"] == "2026-11-30"


def test_the_headline_says_the_change_against_the_period_before():
    share = report._trend("active_share", "Active", 0.46, 0.41, "%")
    count = report._trend("contributions", "Posts", 1200, 1250)
    assert report.change_shown(share) == "+5 pts"
    assert report.change_shown(count) == "-50"
    assert report.change_shown(report._trend("x", "X", None, 3)) == "-"


def test_numbers_and_dates_on_charts_are_written_the_readers_way():
    big = [("a", 12_000), ("b", 3_000)]
    points = {"Active": [1234.5, 2000.0]}
    day = datetime.date(2026, 11, 24)
    expected = {
        # language: (axis top, tooltip number, a week's label)
        "en": ("20K", "1,234.5", "Nov 24"),
        "de": ("20.000", "1.234,5", "24. Nov."),
        "fr": ("20\xa0k", "1\u202f234,5", "24 nov."),
        "pt-br": ("20\xa0mil", "1.234,5", "24 de nov."),
        "ja": ("2万", "1,234.5", "11月24日"),
        "ar": ("20\xa0ألف", "1,234.5", "24 نوفمبر"),
    }
    for code, (top, tooltip, label) in expected.items():
        with translation.override(code):
            assert _ticks(charts.bar_chart("Counts", big))[-1] == top, code
            svg = charts.line_chart("Trend", ["w1", "w2"], points)
            assert f"Active · w1: {tooltip}</title>" in svg, code
            assert formats.day_month(day) == label, code
    with translation.override("es"):
        curve = charts.bar_chart("Share", [(gettext("top %(pct)s%%") % {"pct": 1}, 40)], top=100)
    assert "el 1% más activo" in curve
