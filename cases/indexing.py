"""What of a case the search index holds: its documents, the cases to rank first for
a practice's exact name, the names a long query is split around and the other ways
to write them (their pinyin). Registered with the search engine in
``CasesConfig.ready``."""

from collections import defaultdict

from cases.bulk import linked, listed
from cases.facets import facet_key
from cases.models import CHAIN_SEPARATOR, Case, Metric, Practice, Region, Theme
from cases.search import Document, pinyin_alias


class CaseDocuments:
    def documents(self, ids: list[int]) -> dict[int, Document]:
        """Each case's names (title, practice names), places (region chain,
        communities, themes) and body (summary, description, figures), and its facet
        keys, read with one query per relation as plain rows: model instances cost
        more than tokenizing."""
        rows = Case.objects.filter(pk__in=listed(ids)).values_list(
            "pk",
            "title",
            "region__chain",
            "summary",
            "description",
            "status",
            "published_at",
        )
        practices = self._named(Case.practices, ids, "practice")
        communities = self._named(Case.communities, ids, "community")
        themes = self._named(Case.themes, ids, "theme")
        figures = defaultdict(list)
        kinds = defaultdict(set)
        for pk, kind, subject, period, quote in Metric.objects.filter(
            case__in=listed(ids)
        ).values_list("case", "kind", "subject", "period", "quote"):
            figures[pk].append(f"{subject} {period} {quote}")
            kinds[pk].add(kind)
        documents = {}
        for pk, title, chain, summary, description, status, published_at in rows:
            names = [title, *(name for _, name in practices[pk])]
            places = [
                chain,
                *(name for _, name in communities[pk]),
                *(name for _, name in themes[pk]),
            ]
            documents[pk] = Document(
                names="\n".join(names),
                places="\n".join(places),
                body="\n".join([summary, description, *figures[pk]]),
                facets=facet_key(
                    (theme for theme, _ in themes[pk]),
                    (practice for practice, _ in practices[pk]),
                    kinds[pk],
                ),
                status=status,
                published_at=published_at,
            )
        return documents

    @staticmethod
    def _named(relation, ids: list[int], target: str):
        """Each case's (id, name) through one of its many-to-many relations, by
        name."""
        name = f"{target}__name"
        return linked(relation, ids, target, name, ordering=(name,))

    def named_exactly(self, names):
        practices = list(
            Practice.objects.filter(name__in=names).values_list("pk", flat=True)
        )
        if not practices:
            return None
        return Case.practices.through.objects.filter(practice__in=practices).values(
            "case"
        )

    def dictionary(self):
        yield from Practice.objects.values_list("name", flat=True)
        yield from Region.objects.values_list("name", flat=True)
        yield from Theme.objects.values_list("name", flat=True)

    def aliases(self):
        """The pinyin of each practice and region name a published case uses (the
        regions of its chain) and of each theme: shown as what a query was read as,
        so a name only drafts use must stay unknown."""
        chains = Case.objects.published().values_list("region__chain", flat=True)
        names = [
            *Practice.objects.published().values_list("name", flat=True),
            *(
                name
                for chain in chains.distinct().order_by()
                for name in chain.split(CHAIN_SEPARATOR)
            ),
            *Theme.objects.values_list("name", flat=True),
        ]
        for name in dict.fromkeys(names):
            alias = pinyin_alias(name)
            if alias is not None:
                yield alias
