from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cases.backups import backup


class Command(BaseCommand):
    help = (
        "Write a compressed JSON dump of the content (and, on SQLite, a copy of the "
        "database file), each private (0600) with a .sha256 checksum beside it. "
        "Sessions, login attempts and caches are never kept; accounts only with "
        "--include-users."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.BASE_DIR / "backups"))
        parser.add_argument(
            "--include-users",
            action="store_true",
            help="Keep user accounts, groups, their permissions and the admin log.",
        )
        parser.add_argument(
            "--no-file-copy",
            action="store_true",
            help="On SQLite, skip the VACUUM INTO copy of the file.",
        )

    def handle(self, *args, dir, include_users, no_file_copy, **options):
        for path in backup(
            Path(dir), include_users=include_users, file_copy=not no_file_copy
        ):
            self.stdout.write(f"Wrote {path} and {path.name}.sha256")
