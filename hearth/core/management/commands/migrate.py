"""`migrate`, plus the cache table the embedded default (no Redis) relies on."""

from typing import Any

from django.core.management import call_command
from django.core.management.commands.migrate import Command as MigrateCommand


class Command(MigrateCommand):
    help = "Apply database migrations and create the cache table."

    def handle(self, *args: Any, **options: Any) -> None:
        super().handle(*args, **options)
        call_command("createcachetable", database=options["database"], verbosity=0)
