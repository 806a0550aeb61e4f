"""Numbers and dates written the way the reader writes them, for what Django's own formats do
not cover: a chart's short day-and-month labels ("Nov 24", "24. Nov.", "11月24日") and its
compact axis numbers ("12K", "1,2 mil", "1.2万"). The patterns are CLDR's, through Babel;
the reader's language is the one active for the request, email or PDF."""

from __future__ import annotations

import datetime
import functools

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal, format_decimal
from django.utils import translation


def reader_locale() -> str:
    """The active language as a CLDR locale: "pt-br" is pt_BR, "zh-hans" zh_Hans."""
    return _known(translation.to_locale(translation.get_language() or "en"))


@functools.cache
def _known(name: str) -> str:
    """`name` if CLDR knows it, else English (checked once per language and process)."""
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return "en"
    return name


def number(value: float) -> str:
    """12500.5 as "12,500.5", "12.500,5" or "12 500,5"."""
    return format_decimal(value, locale=reader_locale())


def compact(value: float) -> str:
    """An axis number: in full under a thousand, else short ("12K", "12 mil", "1.2万"); in
    full with its separators where the language has no short form (German "20.000")."""
    if abs(value) < 1000:
        return number(value)
    short = format_compact_decimal(
        value, format_type="short", locale=reader_locale(), fraction_digits=1
    )
    return number(value) if short.isdigit() else short


def day_month(day: datetime.date) -> str:
    """A day of the year without the year, in the reader's order and month names."""
    return format_skeleton("MMMd", day, locale=reader_locale())
