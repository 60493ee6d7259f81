from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.backups import RestoreError, restore


class Command(BaseCommand):
    help = (
        "Restore a dump written by `backup` into an empty, migrated database. Any "
        "failure leaves the database as it was and is told in one line (exit 2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path)

    def handle(self, *args, dump, **options):
        try:
            cases = restore(dump)
        except RestoreError as error:
            raise CommandError(f"{dump}: {error}", returncode=2) from error
        self.stdout.write(f"Restored {cases} cases from {dump}; search index rebuilt.")
