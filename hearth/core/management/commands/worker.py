"""Run the background worker (huey consumer) that processes tasks and the event log."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from hearth.core.ops import preflight


class Command(BaseCommand):
    help = "Run the background worker: tasks, periodic jobs and event consumers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2, help="Worker threads (default 2).")

    def handle(self, *args: Any, **options: Any) -> None:
        preflight()
        call_command("run_huey", workers=options["workers"], worker_type="thread")
