"""Import the org chart from an HR export (CSV)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.people.importer import org_import


class Command(BaseCommand):
    help = (
        "Import people from an HR CSV export (upsert by employee_id; people missing from the file "
        "are deactivated). Nothing changes unless every line is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        report = org_import(actor=None, data=path.read_bytes(), dry_run=options["dry_run"])
        if not report.ok:
            for line, message in report.errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(f"{len(report.errors)} problem(s); nothing was changed.")
        self.stdout.write(report.summary())
        if report.deactivated:
            self.stdout.write("Deactivated: " + ", ".join(report.deactivated[:50]))
