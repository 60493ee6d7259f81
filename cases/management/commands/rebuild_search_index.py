from django.core.management.base import BaseCommand

from cases import search


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every case, in batches, reporting progress; "
        "with --missing, index only the cases that have no entry yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only the cases without an index entry (after an upgrade).",
        )

    def handle(self, *args, batch_size, missing, **options):
        if missing:
            indexed = search.index_missing(batch_size=batch_size)
            self.stdout.write(f"Indexed {indexed} cases that had no index entry.")
            return

        def progress(done, total):
            self.stdout.write(f"Indexed {done}/{total} cases")

        total = search.rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(f"Search index rebuilt: {total} cases.")
