"""The `hearth` command: Hearth's own commands up front, every Django command behind them."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "serve": "Serve the web application (gunicorn) and, by default, the background worker.",
    "worker": "Run the background worker (tasks, periodic jobs, event consumers).",
    "migrate": "Create or upgrade the database (and the cache table).",
    "seed": "Load the deterministic demo company: --people N --seed S.",
    "import-org": "Import the org chart from an HR CSV export: FILE.csv [--dry-run].",
    "token": "API tokens: `token create USERNAME` prints a new token.",
    "createadmin": "Create an administrator (interactive, or --username --email --password).",
    "mail-in": "Post replies to notification emails: a message on stdin, or --maildir PATH.",
    "insights": "Recompute the insights snapshots: `insights rebuild` (all) or `refresh`.",
    "backup": "Back up the database to FILE while Hearth runs (SQLite online backup, pg_dump).",
    "restore": "Put a backup back: FILE --yes (stop the app and the worker first).",
}

USAGE = """usage: hearth COMMAND [options]

Hearth, the enterprise social network. Commands:
{commands}

`hearth COMMAND --help` explains a command. Every Django management command works too
(`hearth help` lists them). All commands honour DATABASE_URL, REDIS_URL and the other
settings in docs/configuration.md.
"""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings.base")
    if not argv or argv[0] in {"-h", "--help"}:
        width = max(len(name) for name in COMMANDS)
        lines = "\n".join(f"  {name:<{width}}  {text}" for name, text in COMMANDS.items())
        sys.stdout.write(USAGE.format(commands=lines))
        return
    argv[0] = argv[0].replace("-", "_") if argv[0] in ("import-org", "mail-in") else argv[0]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hearth", *argv])


if __name__ == "__main__":
    main()
