"""`hearth backup FILE`: a consistent copy of the database, taken while Hearth runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (SQLite online backup, or pg_dump on PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A new file to write the backup to.")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        try:
            self.stdout.write(backup(Path(file)))
        except BackupError as error:
            raise CommandError(str(error)) from error
