"""Evidence for docs/profiles.md: where the time of the slowest measured work goes.

``profile search`` profiles the search page over the bench's query mix with its
cached counts emptied before each request (what a first search pays), and
``profile load`` 600 requests of the load test's mix with every cache on, both with
pyinstrument; ``profile index`` rebuilds the search index and splits the CPU time
between this process and the PostgreSQL backend that runs the triggers.
"""

import os
import random
import time
from pathlib import Path
from urllib.parse import quote

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client

from benchmarks import loadtest, measure
from cases import search
from cases.models import Case, Region, Theme


class Command(BaseCommand):
    help = "Profile the search page (pyinstrument) or the index build (CPU split)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["search", "load", "index"])

    def handle(self, *args, what, **options):
        if what == "index":
            self.stdout.write(self.profile_index())
            return
        measure.start_like_a_server()
        if what == "search":
            self.stdout.write(self.profile_search())
        else:
            self.stdout.write(self.profile_load())

    def profile_search(self) -> str:
        urls = ["/cases/?q=" + quote(q) for q in measure.QUERIES if "{" not in q]
        with measure.measured_settings():
            # Warm the process, then time each search with its counts not cached.
            return profiled(urls, warm=urls, before_each=cache.clear)

    def profile_load(self, requests: int = 600) -> str:
        case_ids = list(Case.objects.published().values_list("pk", flat=True))
        regions = list(Region.objects.filter(depth__lte=1).values_list("pk", flat=True))
        themes = list(Theme.objects.values_list("slug", flat=True))
        rng = random.Random(1)
        urls = [
            loadtest.url_mix(case_ids, regions, themes, rng) for _ in range(requests)
        ]
        with measure.measured_settings(page_cache=True):
            return profiled(urls, warm=urls[:100])

    def profile_index(self) -> str:
        if connection.vendor != "postgresql":
            raise CommandError("profile index splits CPU with a PostgreSQL server")
        started, own, server = time.perf_counter(), cpu_with_children(), server_cpu()
        indexed = search.rebuild(batch_size=500)
        wall = time.perf_counter() - started
        return (
            f"{indexed:,} cases in {wall:.1f} s ({indexed / wall:,.0f} cases/s); CPU: "
            f"this process and its tokenizer {cpu_with_children() - own:.1f} s "
            f"(tokenizing and reading), PostgreSQL {server_cpu() - server:.1f} s "
            "(its writers' triggers to_tsvector, GIN and TOAST writes, and its "
            "background processes)"
        )


def profiled(urls: list[str], warm: list[str], before_each=lambda: None) -> str:
    """pyinstrument's tree of the test client getting ``urls``, after ``warm``."""
    from pyinstrument import Profiler

    client = Client()
    for url in warm:
        client.get(url)
    profiler = Profiler(interval=0.001)
    profiler.start()
    for url in urls:
        before_each()
        client.get(url)
    profiler.stop()
    return profiler.output_text(unicode=True, color=False)


def cpu_with_children() -> float:
    """User + system CPU seconds of this process and its finished children (the
    rebuild's tokenizing process)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def server_cpu() -> float:
    """User + system CPU seconds of every PostgreSQL process on this machine, those
    that ended included (a rebuild's writers close their connections): what the
    postmaster has collected from its children, and what the live ones used."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().split(" (", 1)[1].rsplit(")", 1)
        except OSError:
            continue  # ended meanwhile
        if name == "postgres":
            values = fields.split()
            # utime, stime, and (for the postmaster) cutime, cstime of its children.
            total += sum(int(v) for v in values[11:15])
    return total / os.sysconf("SC_CLK_TCK")
