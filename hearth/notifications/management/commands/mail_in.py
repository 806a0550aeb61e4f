"""Post replies to notification emails as comments: one message on stdin, or a Maildir."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.notifications.mailin import receive


class Command(BaseCommand):
    help = "Read RFC 5322 messages (stdin, or every new message of a Maildir) and post replies."

    def add_arguments(self, parser):
        parser.add_argument(
            "--maildir", help="Process the Maildir's new/ messages, moving them to cur/."
        )

    def handle(self, *args, **options):
        if options["maildir"]:
            root = Path(options["maildir"])
            if not (root / "new").is_dir():
                raise CommandError(f"{root} is not a Maildir (no new/ folder).")
            (root / "cur").mkdir(exist_ok=True)
            posted = refused = 0
            for path in sorted((root / "new").iterdir()):
                outcome = receive(path.read_bytes())
                posted, refused = posted + outcome.ok, refused + (not outcome.ok)
                path.rename(root / "cur" / f"{path.name}:2,S")
            self.stdout.write(f"{posted} posted, {refused} refused.")
            return
        outcome = receive(sys.stdin.buffer.read())
        self.stdout.write(f"{'posted' if outcome.ok else 'refused'}: {outcome.reason}")
