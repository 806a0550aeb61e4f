"""Import the org chart from an HR export (CSV): validate everything first, then upsert at once.

Nothing is changed unless every line is valid; every bad line is reported with its number.

`reading` parses and checks the file, `applying` writes it in one transaction.
"""

from .applying import org_import
from .reading import REQUIRED_COLUMNS, ImportReport, Row, parse_csv

__all__ = ["REQUIRED_COLUMNS", "ImportReport", "Row", "org_import", "parse_csv"]
