"""Create personal access tokens for the API."""

from django.core.management.base import BaseCommand, CommandError

from hearth.core.errors import HearthError
from hearth.core.scopes import ALL
from hearth.people.models import Person
from hearth.people.services import token_create


class Command(BaseCommand):
    help = "Manage API tokens. `token create USERNAME` prints only the new token."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it (shown once).")
        create.add_argument("username")
        create.add_argument("--name", default="Command line", help="What the token is for.")
        create.add_argument(
            "--scopes",
            default=" ".join(ALL),
            help=f"What it may do, space-separated among: {', '.join(ALL)} (all by default).",
        )

    def handle(self, *args, **options):
        person = Person.objects.filter(username=options["username"], is_active=True).first()
        if person is None:
            raise CommandError(f"No active person with the username '{options['username']}'.")
        try:
            _token, raw = token_create(
                actor=person, person=person, name=options["name"], scopes=options["scopes"].split()
            )
        except HearthError as error:
            raise CommandError(error.detail) from error
        self.stdout.write(raw)
