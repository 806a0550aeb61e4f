"""`hearth insights rebuild`: recompute every insights snapshot from the event log;
`hearth insights refresh`: what the worker does nightly (from the previous month on)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from hearth.insights import compute


class Command(BaseCommand):
    help = "Recompute the insights snapshots (rebuild: all time; refresh: recent months)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "refresh"])

    def handle(self, *args, action: str, **options):
        started = time.monotonic()
        try:
            if action == "rebuild":
                counts = compute.build(None, progress=lambda m: self.stdout.write(f"  {m}"))
            else:
                counts = compute.refresh()
        except Exception as error:  # noqa: BLE001 - reported to the operator, not a traceback
            raise CommandError(f"Insights could not be computed: {error}") from error
        seconds = time.monotonic() - started
        self.stdout.write(
            "Insights {action}: {activity} activity rows, {edges} interaction rows, {posts} "
            "posts, influence for {influence} people ({seconds:.1f} s)".format(
                action=action, seconds=seconds, **counts
            )
        )
