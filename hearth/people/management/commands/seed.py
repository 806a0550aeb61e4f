"""Load the demo company (deterministic for a given seed)."""

import time

from django.core.management.base import BaseCommand, CommandError

from hearth.people.demo import DEMO_PASSWORD, seed_people


class Command(BaseCommand):
    help = "Create or refresh a Tell All-like demo company (the same for the same --seed)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=300, help="Number of employees.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed.")
        parser.add_argument(
            "--no-content", action="store_true", help="People only: no communities or posts."
        )

    def handle(self, *args, **options):
        if options["people"] < 20 or options["people"] > 200_000:
            raise CommandError("--people must be between 20 and 200000.")
        started = time.monotonic()
        self.stdout.write(f"Seeding {options['people']} people (seed {options['seed']})...")
        report, emails = seed_people(people=options["people"], seed=options["seed"])
        elapsed = time.monotonic() - started
        self.stdout.write(f"{report.summary()} ({elapsed:.1f} s)")
        if not options["no_content"]:
            from hearth.conversations.demo import seed_content

            self.stdout.write("Writing communities, posts, comments and reactions...")
            content = seed_content(
                seed=options["seed"], progress=lambda message: self.stdout.write(f"  {message}")
            )
            if content:
                self.stdout.write(
                    "Content: {communities} communities, {posts} posts, {comments} comments, "
                    "{reactions} reactions ({seconds} s)".format(**content)
                )
            else:
                self.stdout.write("Content already present; left as it is.")
            from hearth.jams.demo import seed_jams

            made = seed_jams(seed=options["seed"])
            self.stdout.write(
                f"Jams: {made} created (live, scheduled, reported)"
                if made
                else "Jams: demo jams moved back to now (one live, one scheduled, one reported)"
            )
            from hearth.insights.demo import seed_insights
            from hearth.leadership.demo import seed_amas

            made = seed_amas(seed=options["seed"])
            self.stdout.write(
                f"AMAs: {made} created (one live now, one past)"
                if made
                else "AMAs: the live AMA moved back to now"
            )
            self.stdout.write("Computing insights...")
            counts = seed_insights(seed=options["seed"])
            if counts:
                self.stdout.write(
                    "Insights: {activity} activity rows, {edges} interaction rows, influence for "
                    "{influence} people".format(**counts)
                )
        self.stdout.write("")
        from django.conf import settings

        self.stdout.write(f"Sign in at {settings.HEARTH_BASE_URL} with one of these accounts:")
        for role in ("employee", "facilitator", "executive", "administrator"):
            self.stdout.write(f"  {role:<14} {emails[role]:<36} password: {DEMO_PASSWORD}")
