from django.core.management.base import BaseCommand

from cases import search


class Command(BaseCommand):
    help = "Rebuild the search index of every case, in batches, reporting progress."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size, **options):
        def progress(done, total):
            self.stdout.write(f"Indexed {done}/{total} cases")

        total = search.rebuild(batch_size=batch_size, progress=progress)
        self.stdout.write(f"Search index rebuilt: {total} cases.")
