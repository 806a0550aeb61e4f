"""Create an administrator, interactively or from flags."""

import getpass
import os

from django.core.management.base import BaseCommand, CommandError

from hearth.core.errors import Invalid
from hearth.people.services import admin_create


class Command(BaseCommand):
    help = (
        "Create an administrator. Without flags it asks; with --username, --email and --password "
        "(or HEARTH_ADMIN_PASSWORD) it runs unattended."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username")
        parser.add_argument("--email")
        parser.add_argument("--password", help="Prefer HEARTH_ADMIN_PASSWORD: flags show in ps.")
        parser.add_argument("--name", default="", help="Display name.")

    def handle(self, *args, **options):
        username = options["username"]
        email = options["email"]
        password = options["password"] or os.environ.get("HEARTH_ADMIN_PASSWORD")
        if not (username and email and password):
            if not options.get("interactive", True) or not os.isatty(0):
                raise CommandError(
                    "Give --username, --email and --password (or run it in a terminal)."
                )
            username = username or input("Username: ").strip()
            email = email or input("Email: ").strip()
            while not password:
                first = getpass.getpass("Password: ")
                if first != getpass.getpass("Password (again): "):
                    self.stderr.write("The passwords differ; try again.")
                    continue
                password = first
        try:
            person = admin_create(
                username=username, email=email, password=password, display_name=options["name"]
            )
        except Invalid as error:
            for problem in error.errors:
                self.stderr.write(f"{problem.field}: {problem.message}")
            raise CommandError(error.detail) from error
        self.stdout.write(f"Administrator '{person.username}' created.")
