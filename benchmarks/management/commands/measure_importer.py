"""Compare the importer's proposals with the curated seeds, without the database."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from benchmarks.importer_quality import Score, measure_article, misses


class Command(BaseCommand):
    help = (
        "Run the article importer on the curated seeds in fixtures/articles/ (no "
        "database) and print its recall and error rate for figures and practice names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verbose-misses",
            action="store_true",
            help="List the curated figures missed and the wrong ones.",
        )

    def handle(self, *args, **options):
        directory = Path(settings.FIXTURE_DIRS[0]) / "articles"
        header = (
            f"{'article':<28}{'metrics':>9}{'recall':>8}{'wrong':>8}"
            f"{'names':>8}{'recall':>8}{'wrong':>8}"
        )
        self.stdout.write(header)
        total_metrics, total_names = Score(), Score()
        for path in sorted(directory.glob("*.json")):
            metrics, names = measure_article(path)
            total_metrics.add(metrics)
            total_names.add(names)
            self.stdout.write(_row(path.stem, metrics, names))
            if options["verbose_misses"]:
                for line in misses(path):
                    self.stdout.write(f"  {line}")
        self.stdout.write("-" * len(header))
        self.stdout.write(_row("all", total_metrics, total_names))


def _row(label: str, metrics: Score, names: Score) -> str:
    return (
        f"{label:<28}{metrics.curated:>9}{metrics.recall:>8.0%}"
        f"{metrics.error_rate:>8.0%}{names.curated:>8}{names.recall:>8.0%}"
        f"{names.error_rate:>8.0%}"
    )
