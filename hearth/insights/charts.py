"""Charts as SVG: drawn here, shown inline in the browser (with a tooltip on every point, no
script) and embedded as real images in the value report's PDF. Presentation attributes only,
no style attributes, so the strict Content-Security-Policy holds."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from html import escape

from hearth.core.formats import compact, day_month, number

WIDTH, HEIGHT = 640, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 64, 16, 16, 40  # room for "20 हज़ार"
INK, MUTED, GRID = "#3b2a20", "#6b5b50", "#e4dcd3"
SERIES = ["#b5471b", "#2f6f8f", "#6a8f2f", "#8f2f6f", "#8f6a2f"]


def _svg(body: str, title: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="14">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _scale(values: Sequence[float | None], fixed: float | None = None) -> float:
    """The top of the axis: `fixed` (100 for percentages), else four whole, round steps (1, 2
    or 5 times a power of ten) that reach above the data: 0 20 40 60 80, never 17.5."""
    if fixed is not None:
        return fixed
    top = max([v for v in values if v is not None] or [0])
    if top <= 0:
        return 4.0
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return float(step * 4)


def _references(top: float, reference: Sequence[tuple[float, str]]) -> str:
    """Dashed reference lines with their labels, drawn over the data (a white halo keeps the
    label legible where it crosses a bar)."""
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = []
    for value, label in reference:
        if value is None or value > top:
            continue
        y = PAD_TOP + inner_h - inner_h * value / top
        parts.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{WIDTH - PAD_RIGHT}" y="{y - 4:.1f}" text-anchor="end" fill="{INK}" '
            f'stroke="#ffffff" stroke-width="4" paint-order="stroke">{escape(label)}</text>'
        )
    return "".join(parts)


def _axes(top: float, label_x: list[str]) -> str:
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = []
    for i in range(5):
        value = top * i / 4
        y = PAD_TOP + inner_h - inner_h * i / 4
        parts.append(
            f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - PAD_RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        text = compact(value)
        parts.append(
            f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{escape(text)}</text>'
        )
    step = max(1, len(label_x) // 8)
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    for i, label in enumerate(label_x):
        if i % step:
            continue
        x = PAD_LEFT + inner_w * (i + 0.5) / max(1, len(label_x))
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - PAD_BOTTOM + 16}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(label)}</text>'
        )
    return "".join(parts)


def line_chart(
    title: str,
    labels: list[str],
    series: dict[str, list[float | None]],
    reference: Sequence[tuple[float, str]] = (),
) -> str:
    """Lines over labels (gaps where a value is suppressed); a dashed reference line each."""
    values = [v for s in series.values() for v in s] + [r[0] for r in reference if r[0]]
    top = _scale(values)
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = [_axes(top, labels)]
    for index, (name, points) in enumerate(series.items()):
        colour = SERIES[index % len(SERIES)]
        path, pen = [], "M"
        for i, value in enumerate(points):
            if value is None:
                pen = "M"
                continue
            x = PAD_LEFT + inner_w * (i + 0.5) / max(1, len(points))
            y = PAD_TOP + inner_h - inner_h * value / top
            path.append(f"{pen}{x:.1f},{y:.1f}")
            pen = "L"
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)} · {escape(labels[i])}: {number(value)}</title></circle>"
            )
        if path:
            parts.append(
                f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        parts.append(
            f'<rect x="{PAD_LEFT + 130 * index}" y="{HEIGHT - 14}" width="10" height="10" '
            f'fill="{colour}"/><text x="{PAD_LEFT + 14 + 130 * index}" y="{HEIGHT - 5}" '
            f'fill="{INK}">{escape(name)}</text>'
        )
    parts.append(_references(top, reference))
    return _svg("".join(parts), title)


def bar_chart(
    title: str,
    bars: list[tuple[str, float | None]],
    reference: Sequence[tuple[float, str]] = (),
    top: float | None = None,
) -> str:
    top = _scale([b[1] or 0 for b in bars] + [r[0] for r in reference if r[0]], top)
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = [_axes(top, [b[0] for b in bars])]
    slot = inner_w / max(1, len(bars))
    for i, (label, value) in enumerate(bars):
        if value is None:
            continue
        h = inner_h * value / top
        x = PAD_LEFT + slot * i + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{PAD_TOP + inner_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{SERIES[0]}"><title>{escape(label)}: {number(value)}'
            f"</title></rect>"
        )
    parts.append(_references(top, reference))
    return _svg("".join(parts), title)


def scatter(
    title: str,
    points: list[tuple[float, float, str, bool]],
    x_label: str,
    y_label: str,
    x_max: float,
) -> str:
    """Points (x, y 0-100, tooltip, highlighted)."""
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = [_axes(100, [str(i) for i in range(int(x_max) + 1)])]
    for x, y, tip, highlight in points:
        cx = PAD_LEFT + inner_w * (x + 0.5) / (x_max + 1)
        cy = PAD_TOP + inner_h - inner_h * y / 100
        colour = SERIES[0] if highlight else SERIES[1]
        parts.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{4 if highlight else 2.5}" '
            f'fill="{colour}" fill-opacity="0.7"><title>{escape(tip)}</title></circle>'
        )
    parts.append(
        f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT - 4}" text-anchor="middle" '
        f'fill="{INK}">{escape(x_label)}</text>'
        f'<text x="12" y="{HEIGHT / 2:.0f}" fill="{INK}" '
        f'transform="rotate(-90 12 {HEIGHT / 2:.0f})" text-anchor="middle">'
        f"{escape(y_label)}</text>"
    )
    return _svg("".join(parts), title)


def dashboard_charts(d: dict) -> dict:
    """The dashboard's charts (the value report shows two of them)."""
    from django.utils.translation import gettext as _

    bench = d["benchmarks"]
    weeks = _whole_weeks(d["weeks"], d["filters"]["end"])
    labels = [day_month(datetime.date.fromisoformat(w["week"][:10])) for w in weeks]
    kinds = d["contributions"]["by_kind"]
    curve = d["participation"]["curve"]
    return {
        # One unit per chart; a week still under way is left out (it would read as a drop).
        "weekly": line_chart(
            _("Active people per week"), labels, {_("Active people"): [w["active"] for w in weeks]}
        ),
        "weekly_contributions": line_chart(
            _("Posts and replies per week"),
            labels,
            {_("Posts and replies"): [w["contributions"] for w in weeks]},
        ),
        "kinds": bar_chart(_("Posts by kind"), [(k, v) for k, v in kinds.items()]),
        "curve": bar_chart(
            _("Share of contributions by the most active people (%)"),
            [
                (
                    _("top %(pct)s%%") % {"pct": number(c["top_pct"])},
                    round(100 * c["share"]) if c["share"] is not None else None,
                )
                for c in curve
            ],
            top=100,
        ),
        "rates": bar_chart(
            _("Interactive people and responses (%)"),
            [
                (_("interactive"), _pct(d["interactive_share"])),
                (_("response rate"), _pct(d["response_rate"])),
                (_("acknowledged"), _pct(d["acknowledgement_rate"])),
                (_("questions answered"), _pct(d["questions_answered"])),
            ],
            top=100,
            reference=[
                (bench.get("interactive_average"), _("interactive: average")),
                (bench.get("interactive_good"), _("interactive: good")),
                (bench.get("response_top_fifth"), _("response: top fifth")),
            ],
        ),
    }


def _pct(value):
    return round(100 * value) if value is not None else None


def _whole_weeks(weeks: list[dict], end: str) -> list[dict]:
    """The weeks that ended within the period (the last one may still be under way)."""
    last_day = datetime.date.fromisoformat(end)
    return [
        w
        for w in weeks
        if datetime.date.fromisoformat(w["week"][:10]) + datetime.timedelta(days=6) <= last_day
    ]
