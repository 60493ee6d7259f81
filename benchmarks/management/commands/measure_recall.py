"""Recall of the search engine against the literal-substring truth: every published
case whose indexed text contains each term of a query as written must be found.
Run it on the bench databases (docs/recall.md) or on the real one."""

from django.core.management.base import BaseCommand, CommandError

from benchmarks import measure
from cases import search
from cases.indexing import CaseDocuments
from cases.models import Case
from cases.search.tokenizer import normalise

BATCH = 5000


def published_texts() -> dict[int, str]:
    """Each published case's indexed text (names, places, body), normalised."""
    ids = list(Case.objects.published().values_list("pk", flat=True))
    found = {}
    for start in range(0, len(ids), BATCH):
        for pk, doc in CaseDocuments().documents(ids[start : start + BATCH]).items():
            found[pk] = normalise("\n".join([doc.names, doc.places, doc.body]))
    return found


def recall(queries: list[str], corpus: dict[int, str]) -> tuple[int, int, list[str]]:
    """(found, truth, queries that missed a case) over every query's literal truth."""
    published = Case.objects.published()
    truth_total = found_total = 0
    missed = []
    for query in queries:
        words = [term.text for term in search.parse_query(query)]  # normalised
        if not words:
            continue
        truth = {pk for pk, text in corpus.items() if all(w in text for w in words)}
        found = set(search.matching(published, query).values_list("pk", flat=True))
        truth_total += len(truth)
        found_total += len(truth & found)
        if truth - found:
            missed.append(query)
    return found_total, truth_total, missed


class Command(BaseCommand):
    help = "Recall of search against the literal-substring truth over the bench mix."

    def add_arguments(self, parser):
        parser.add_argument("queries", nargs="*", help="default: the bench's mix")

    def handle(self, *args, queries, **options):
        queries = queries or measure.choose_subjects()["queries"]
        corpus = published_texts()
        found, truth, missed = recall(queries, corpus)
        share = found / truth if truth else 1.0
        self.stdout.write(
            f"{len(corpus):,} published cases, {len(queries)} queries: "
            f"{found:,} of {truth:,} literal matches found ({share:.1%})"
        )
        if missed:
            raise CommandError(
                "search missed a literal match of: " + " · ".join(missed)
            )
