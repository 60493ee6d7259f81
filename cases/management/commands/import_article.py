from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.importers import (
    ArticleMeta,
    ImportRejected,
    Proposal,
    known_regions_from_db,
    parse_article,
    save_proposal,
    suggest_themes,
)
from cases.importers.fetching import FetchFailed, article_from_url
from cases.importers.origins import is_url


class Command(BaseCommand):
    help = (
        "Read articles (UTF-8 text files or http(s) URLs) and create draft cases from "
        "the places, quoted practice names and figures they report; nothing is "
        "published. Several sources at once show a progress bar and a summary."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "sources", nargs="+", help="Text files (UTF-8) or http(s) URLs."
        )
        parser.add_argument("--title", default="", help="The article's title.")
        parser.add_argument(
            "--origin",
            default="",
            help="Where it came from (default: the file name or URL).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print what would be proposed; write nothing.",
        )

    def handle(self, *args, **options):
        sources = options["sources"]
        if len(sources) > 1 and (options["title"] or options["origin"]):
            raise CommandError("--title and --origin name a single article.")
        known = known_regions_from_db()
        rows, failed = [], 0
        for source in self._progress(sources):
            try:
                meta, proposal = self._read(source, known, options)
                if options["dry_run"]:
                    self._describe(proposal)
                    outcome = "dry run"
                else:
                    suggest_themes(proposal)
                    created = save_proposal(proposal, meta)
                    slugs = ", ".join(case.slug for case in created)
                    self.stdout.write(f"Created {len(created)} draft cases: {slugs}")
                    outcome = f"{len(created)} drafts"
            except (ImportRejected, FetchFailed, CommandError) as error:
                failed += 1
                rows.append((source, "-", "-", f"rejected: {error}"))
                continue
            rows.append((source, len(proposal.places), len(proposal.metrics), outcome))
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing saved.")
        if len(sources) > 1 or failed:
            self._summary(rows)
        if failed:
            raise CommandError(f"{failed} of {len(sources)} articles not imported.")

    def _read(self, source: str, known, options) -> tuple[ArticleMeta, Proposal]:
        if is_url(source):
            fetched = article_from_url(source)
            proposal = parse_article(
                fetched.text, known, fetched.title, fetched.published_on
            )
            byline = proposal.byline
            meta = ArticleMeta(
                origin=options["origin"] or fetched.origin,
                title=options["title"] or fetched.title,
                publication=fetched.publication or byline.publication,
                author=fetched.author or byline.author,
                published_on=fetched.published_on or byline.published_on,
            )
            return meta, proposal
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        proposal = parse_article(text, known, options["title"])
        byline = proposal.byline
        meta = ArticleMeta(
            origin=options["origin"] or path.name,
            title=options["title"] or byline.title,
            publication=byline.publication,
            author=byline.author,
            published_on=byline.published_on,
        )
        return meta, proposal

    def _progress(self, sources: list[str]):
        if len(sources) == 1:
            return sources
        from tqdm import tqdm

        return tqdm(sources, desc="导入", unit="篇", file=self.stderr._out)

    def _summary(self, rows) -> None:
        width = max(len(str(source)) for source, *_ in rows)
        self.stdout.write(f"\n{'source':<{width}}  places  figures  result")
        for source, places, figures, outcome in rows:
            self.stdout.write(
                f"{source:<{width}}  {places!s:>6}  {figures!s:>7}  {outcome}"
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
            self.stdout.write(f"\n{chain}\n  title: {place.title}")
            if place.communities:
                names = "、".join(name for name, _ in place.communities)
                self.stdout.write(f"  communities: {names}")
            if place.practices:
                self.stdout.write(f"  practices: {'、'.join(place.practices)}")
            for metric in place.metrics:
                value = f"{metric.value}"
                if metric.value_max is not None:
                    value += f"—{metric.value_max}"
                flag = f"  ⚠ {metric.flag}" if metric.flag else ""
                self.stdout.write(
                    f"  {metric.qualifier}{value}{metric.unit} [{metric.period}] "
                    f"{metric.subject}: {metric.quote}{flag}"
                )
