"""Reading many cases' rows at once: ids sent as one parameter, and each case's
values through a many-to-many relation as plain rows. For the hundreds to thousands
of cases an index build, an export or a page of facets handles, where model
instances and one placeholder per id cost more than the query."""

import json
from collections import defaultdict

from django.db import connection
from django.db.models.expressions import RawSQL


def listed(ids: list[int]) -> RawSQL:
    """Ids as one parameter (an array on PostgreSQL, a JSON list on SQLite) to
    filter on: one placeholder per id made a thousand-case read several times
    slower to send and plan (docs/profiles.md)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def linked(relation, ids: list[int], *fields: str, ordering=()) -> defaultdict:
    """Each case's values of ``fields`` (paths like "practice__name"; a tuple of them
    where there are several) through one of its many-to-many ``relation``s, in
    ``ordering``; read as plain rows in one query."""
    links = relation.through.objects.filter(case__in=listed(ids))
    found = defaultdict(list)
    for pk, *values in links.order_by(*ordering).values_list("case", *fields):
        found[pk].append(values[0] if len(fields) == 1 else tuple(values))
    return found


def linked_names(relation, ids: list[int], name: str, *ordering) -> defaultdict:
    """Each case's names through ``relation`` (``linked``), in ``ordering`` then by
    name."""
    return linked(relation, ids, name, ordering=(*ordering, name))
