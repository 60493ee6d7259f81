from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases import search
from cases.fixtures import FixtureError, load, seed
from cases.models import Case, SourceArticle


class Command(BaseCommand):
    help = (
        "Seed an empty library with the curated articles and cases in fixtures/. A "
        "library that holds anything is left as curators left it; --update lists "
        "where it differs from the fixtures and --update --yes writes the fixtures "
        "over it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="List every row the fixtures would create, change (field: from → "
            "to) or delete; nothing is written without --yes.",
        )
        parser.add_argument(
            "--yes",
            action="store_true",
            help="With --update: write the listed changes (curators' edits to "
            "those rows are replaced by the fixtures' values).",
        )

    def handle(self, *args, update, yes, **options):
        if yes and not update:
            raise CommandError("--yes only goes with --update", returncode=2)
        directory = Path(settings.FIXTURE_DIRS[0])
        try:
            changes = load(directory, write=yes) if update else seed(directory)
        except FixtureError as error:
            raise CommandError(str(error), returncode=2) from error
        if changes is None:
            self.stdout.write(
                f"The library is not empty ({Case.objects.count()} cases, "
                f"{SourceArticle.objects.count()} articles): fixtures not loaded, "
                "curation kept; `manage.py load_cases --update` lists what they "
                "would change."
            )
        elif not update:
            indexed = search.rebuild()
            self.stdout.write(
                f"Seeded the empty library with {changes.articles} articles, "
                f"{changes.cases} cases and {changes.figures} figures; search index "
                f"rebuilt for {indexed} cases."
            )
        else:
            self.report(changes.lines, yes)

    def report(self, lines: list[str], written: bool) -> None:
        for line in lines:
            self.stdout.write(line)
        if not lines:
            self.stdout.write("The library matches the fixtures: nothing to change.")
        elif written:
            indexed = search.rebuild()
            self.stdout.write(
                f"Applied {len(lines)} changes; search index rebuilt for {indexed} "
                "cases."
            )
        else:
            self.stdout.write(
                f"{len(lines)} changes listed, nothing written; "
                "`manage.py load_cases --update --yes` writes them."
            )
