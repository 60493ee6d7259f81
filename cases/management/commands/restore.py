from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.backups import NotEmptyError, restore


class Command(BaseCommand):
    help = "Restore a dump written by `backup` into an empty, migrated database."

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path)

    def handle(self, *args, dump, **options):
        if not dump.exists():
            raise CommandError(f"No such dump: {dump}")
        try:
            cases = restore(dump)
        except NotEmptyError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {cases} cases from {dump}; search index rebuilt.")
