from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases import search
from cases.fixtures import FixtureError, load_fixture_dir


class Command(BaseCommand):
    help = (
        "Load every curated article and case in fixtures/ and rebuild the search "
        "index; running it twice changes nothing."
    )

    def handle(self, *args, **options):
        try:
            report = load_fixture_dir(settings.FIXTURE_DIRS[0])
        except FixtureError as error:
            raise CommandError(str(error)) from error
        indexed = search.rebuild()
        self.stdout.write(
            f"Loaded {report.articles} articles, {report.cases} cases and "
            f"{report.metrics} metrics ({len(report.changed)} rows written); "
            f"search index rebuilt for {indexed} cases."
        )
