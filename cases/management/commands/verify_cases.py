from django.core.management.base import BaseCommand, CommandError

from cases.lib.provenance import provenance_problems
from cases.models import Metric


class Command(BaseCommand):
    help = (
        "Check every metric: its quote is in its source article (whitespace ignored) "
        "and the quote states the metric's value and unit. Exits non-zero on failure."
    )

    def handle(self, *args, **options):
        metrics = Metric.objects.select_related("case", "source")
        problems = provenance_problems(metrics)
        for problem in problems:
            self.stdout.write(f"FAIL {problem}")
        if problems:
            raise CommandError(f"{len(problems)} of {metrics.count()} metrics failed.")
        self.stdout.write(
            f"All {metrics.count()} metrics verified against their articles."
        )
