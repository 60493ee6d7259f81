from django.core.management.base import BaseCommand

from cases.models import Case, Region


class Command(BaseCommand):
    help = (
        "Fill what the library derives from its content: the official code of every "
        "region that has none (a code already set is kept) and each case's year. "
        "Signals keep both in step; this is for a database upgraded from before them."
    )

    def handle(self, *args, **options):
        coded = Region.objects.fill_codes()
        dated = Case.objects.all().refresh_years()
        self.stdout.write(
            f"Region codes filled: {len(coded)}; case years changed: {len(dated)}."
        )
