from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.importers import (
    ImportRejected,
    Proposal,
    known_regions_from_db,
    parse_article,
    save_proposal,
)


class Command(BaseCommand):
    help = (
        "Read an article (UTF-8 text) and create draft cases from the places, quoted "
        "practice names and figures it reports; nothing is published."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The article as a UTF-8 text file.")
        parser.add_argument("--title", default="", help="The article's title.")
        parser.add_argument(
            "--origin", default="", help="Where it came from (default: the file name)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be proposed; write nothing.",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        proposal = parse_article(text, known_regions_from_db())
        self._describe(proposal)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing saved.")
            return
        try:
            created = save_proposal(
                proposal, options["origin"] or path.name, options["title"]
            )
        except ImportRejected as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Created {len(created)} draft cases: "
            + ", ".join(case.slug for case in created)
        )

    def _describe(self, proposal: Proposal) -> None:
        self.stdout.write(
            f"{len(proposal.places)} places, "
            f"{len(proposal.practices)} practice names, "
            f"{len(proposal.metrics)} figures"
        )
        for place in proposal.places:
            chain = " › ".join(
                f"{node.name}{'*' if node.inferred else ''}" for node in place.chain
            )
            self.stdout.write(f"\n{chain}")
            if place.communities:
                names = "、".join(name for name, _ in place.communities)
                self.stdout.write(f"  communities: {names}")
            if place.practices:
                self.stdout.write(f"  practices: {'、'.join(place.practices)}")
            for metric in place.metrics:
                value = f"{metric.value}"
                if metric.value_max is not None:
                    value += f"—{metric.value_max}"
                self.stdout.write(
                    f"  {metric.qualifier}{value}{metric.unit} [{metric.period}] "
                    f"{metric.quote}"
                )
