from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cases.backups import backup


class Command(BaseCommand):
    help = "Write a compressed JSON dump of all content (and, on SQLite, a VACUUM INTO copy)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "backups"))
        parser.add_argument(
            "--no-file-copy",
            action="store_true",
            help="On SQLite, skip the VACUUM INTO copy of the file.",
        )

    def handle(self, *args, dir, no_file_copy, **options):
        for path in backup(Path(dir), file_copy=not no_file_copy):
            self.stdout.write(f"Wrote {path}")
