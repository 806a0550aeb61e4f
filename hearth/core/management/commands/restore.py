"""`hearth restore FILE --yes`: put a backup back (stop the app and the worker first)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database with a backup made by `hearth backup` (asks for --yes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup file.")
        parser.add_argument(
            "--yes", action="store_true", help="Yes, replace everything in the database."
        )

    def handle(self, *args: Any, file: str, yes: bool, **options: Any) -> None:
        if not yes:
            raise CommandError(
                "Restoring replaces everything in the database. Stop `hearth serve` and "
                "`hearth worker`, then run again with --yes."
            )
        try:
            self.stdout.write(restore(Path(file)))
        except BackupError as error:
            raise CommandError(str(error)) from error
