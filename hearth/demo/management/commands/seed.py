"""Load the demo company (deterministic for a given seed)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from tqdm import tqdm

from hearth.core.registry import DemoRun, demo_generators
from hearth.demo.company import DEMO_PASSWORD, seed_people


class _Lines:
    """A log, not a terminal: each state of the bar on a line of its own."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, text: str) -> None:
        text = text.strip("\r\n")
        if text:
            self.stream.write(text + "\n")

    def flush(self) -> None:
        self.stream.flush()


class Command(BaseCommand):
    help = "Create or refresh a Tell All-like demo company (the same for the same --seed)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=300, help="Number of employees.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed.")
        parser.add_argument(
            "--no-content", action="store_true", help="People only: no communities or posts."
        )
        parser.add_argument(
            "--days",
            type=int,
            default=3 * 365,
            help="Days of history to write (default three years).",
        )

    def _bar(self, total: int):
        """A progress bar with the rate and the time left (a line every 10 s in a log)."""
        stream: Any = self.stderr._out
        interactive = stream.isatty()
        return tqdm(
            total=total,
            unit=" posts",
            unit_scale=True,
            dynamic_ncols=interactive,
            file=stream if interactive else _Lines(stream),
            mininterval=0.5 if interactive else 10,
            ascii=not interactive,
            desc="  posts",
        )

    def handle(self, *args, **options):
        if options["people"] < 20 or options["people"] > 200_000:
            raise CommandError("--people must be between 20 and 200000.")
        if not 7 <= options["days"] <= 3650:
            raise CommandError("--days must be between 7 and 3650.")
        started = time.monotonic()
        if connection.vendor == "sqlite":
            # Millions of rows land in indexes at random places: give SQLite room to keep them
            # in memory (this connection only; 512 MB at most).
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -524288")
        self.stdout.write(f"Seeding {options['people']} people (seed {options['seed']})...")
        report, emails = seed_people(people=options["people"], seed=options["seed"])
        elapsed = time.monotonic() - started
        self.stdout.write(f"{report.summary()} ({elapsed:.1f} s)")
        if not options["no_content"]:
            run = DemoRun(
                seed=options["seed"],
                days=options["days"],
                say=lambda message: self.stdout.write(f"  {message}"),
                bar=self._bar,
            )
            for generator in sorted(demo_generators, key=lambda g: g.position):
                self.stdout.write(generator.write(run))
        self.stdout.write("")
        self.stdout.write(f"Sign in at {settings.HEARTH_BASE_URL} with one of these accounts:")
        for role in ("employee", "facilitator", "executive", "administrator"):
            self.stdout.write(f"  {role:<14} {emails[role]:<36} password: {DEMO_PASSWORD}")
