"""Compare the importer's proposals with what curators extract, without the database."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from benchmarks.importer_quality import (
    DEVSET_FACTS,
    Tally,
    measure_devset_article,
    measure_seed,
)

HEADER = (
    f"{'article':<30}{'figures':>8}{'right':>7}{'wrong':>7}{'names':>7}"
    f"{'found':>7}{'towns':>7}{'right':>7}{'comm.':>7}{'right':>7}"
)


class Command(BaseCommand):
    help = (
        "Run the article importer on the curated seeds (fixtures/articles/) and, with "
        "--devset DIR, on the development set of real reports (texts in DIR, facts in "
        "benchmarks/importer_devset.json); print figures fully right, wrong "
        "proposals, practice names, townships and communities found. No database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--devset",
            type=Path,
            help="Directory holding the development set's texts (never committed).",
        )
        parser.add_argument(
            "--facts",
            type=Path,
            default=DEVSET_FACTS,
            help="The development set's expected facts (JSON).",
        )
        parser.add_argument(
            "--verbose-misses",
            action="store_true",
            help="List every figure missed, partly right or wrong, and names missed.",
        )

    def handle(self, *args, **options):
        seeds = Path(settings.FIXTURE_DIRS[0]) / "articles"
        rows = [
            (path.stem, measure_seed(path)) for path in sorted(seeds.glob("*.json"))
        ]
        self._table("Curated seeds", rows, options["verbose_misses"])
        if options["devset"]:
            self._table(
                f"Development set ({options['facts'].name})",
                self._devset(options["devset"], options["facts"]),
                options["verbose_misses"],
            )

    def _devset(self, directory: Path, facts_file: Path) -> list[tuple[str, Tally]]:
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        facts = json.loads(facts_file.read_text(encoding="utf-8"))
        rows = []
        for article in facts["articles"]:
            path = directory / article["file"]
            if not path.exists():
                raise CommandError(f"{path} is missing (see {facts_file.name}).")
            text = path.read_text(encoding="utf-8")
            rows.append((path.stem, measure_devset_article(article, text)))
        return rows

    def _table(self, title: str, rows: list[tuple[str, Tally]], verbose: bool):
        self.stdout.write(f"\n{title}\n{HEADER}")
        total = Tally()
        for label, tally in rows:
            total.add(tally)
            self.stdout.write(_row(label, tally))
            if verbose:
                for line in tally.misses:
                    self.stdout.write(f"    {line}")
        self.stdout.write("-" * len(HEADER))
        self.stdout.write(_row("all", total))
        rates = total.rates()
        self.stdout.write(
            f"figures fully right {rates['right']:.0%} ({total.right}/{total.figures}), "
            f"wrong proposals {rates['wrong']:.0%} ({total.wrong}/{total.proposed}), "
            f"practice names {rates['names']:.0%} "
            f"({total.names_found}/{total.names}), "
            f"townships {rates['townships']:.0%} "
            f"({total.townships_right}/{total.townships}), "
            f"communities {rates['communities']:.0%} "
            f"({total.communities_right}/{total.communities})"
        )


def _row(label: str, tally: Tally) -> str:
    return (
        f"{label:<30}{tally.figures:>8}{tally.right:>7}{tally.wrong:>7}"
        f"{tally.names:>7}{tally.names_found:>7}{tally.townships:>7}"
        f"{tally.townships_right:>7}{tally.communities:>7}"
        f"{tally.communities_right:>7}"
    )
