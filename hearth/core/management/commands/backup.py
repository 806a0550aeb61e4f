"""`hearth backup FILE`: a consistent copy of the database, taken while Hearth runs."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from hearth.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to FILE (SQLite online backup, or pg_dump on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A new file to write the backup to.")

    def handle(self, *args, file: str, **options):
        try:
            self.stdout.write(backup(file))
        except BackupError as error:
            raise CommandError(str(error)) from error
