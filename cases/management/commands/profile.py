"""Evidence for docs/profiles.md: where the time of the slowest measured work goes.

``profile search`` profiles the search page over the bench's query mix with its
cached counts emptied before each request (what a first search pays), and
``profile load`` 600 requests of the load test's mix with every cache on, both with
pyinstrument; ``profile index`` rebuilds the search index and splits the CPU time
between this process and the PostgreSQL backend that runs the triggers.
"""

import gc
import os
import random
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from cases import loadtest, search
from cases.bench.measure import PAGE_CACHE, QUERIES
from cases.models import Initiative, Region, Theme
from cases.search.tokenizer import load_dictionary


class Command(BaseCommand):
    help = "Profile the search page (pyinstrument) or the index build (CPU split)."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["search", "load", "index"])

    def handle(self, *args, what, **options):
        if what == "search":
            self.stdout.write(self.profile_search())
        elif what == "load":
            self.stdout.write(self.profile_load())
        else:
            self.stdout.write(self.profile_index())

    def profile_search(self) -> str:
        from pyinstrument import Profiler

        urls = ["/cases/?q=" + quote(q) for q in QUERIES if "{" not in q]
        load_dictionary()  # as govcases/wsgi.py does
        gc.freeze()
        with override_settings(
            DEBUG=False,
            ALLOWED_HOSTS=["testserver"],
            MIDDLEWARE=[m for m in settings.MIDDLEWARE if m != PAGE_CACHE],
        ):
            client = Client()
            for url in urls:  # warm: the process, not the counts
                client.get(url)
            profiler = Profiler(interval=0.001)
            profiler.start()
            for url in urls:
                cache.clear()
                client.get(url)
            profiler.stop()
        return profiler.output_text(unicode=True, color=False)

    def profile_load(self, requests: int = 600) -> str:
        from pyinstrument import Profiler

        case_ids = list(Initiative.objects.published().values_list("pk", flat=True))
        regions = list(Region.objects.filter(depth__lte=1).values_list("pk", flat=True))
        themes = list(Theme.objects.values_list("slug", flat=True))
        rng = random.Random(1)
        urls = [
            loadtest.url_mix(case_ids, regions, themes, rng) for _ in range(requests)
        ]
        load_dictionary()
        gc.freeze()
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            client = Client()
            for url in urls[:100]:
                client.get(url)
            profiler = Profiler(interval=0.001)
            profiler.start()
            for url in urls:
                client.get(url)
            profiler.stop()
        return profiler.output_text(unicode=True, color=False)

    def profile_index(self) -> str:
        if connection.vendor != "postgresql":
            raise CommandError("profile index splits CPU with a PostgreSQL backend")
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        started, own, server = time.perf_counter(), time.process_time(), cpu(backend)
        indexed = search.rebuild(batch_size=500)
        wall = time.perf_counter() - started
        return (
            f"{indexed:,} cases in {wall:.1f} s ({indexed / wall:,.0f} cases/s); CPU: "
            f"this process {time.process_time() - own:.1f} s (tokenizing and "
            f"reading), PostgreSQL backend {cpu(backend) - server:.1f} s (trigger "
            "to_tsvector, GIN and TOAST writes)"
        )


def cpu(pid: int) -> float:
    """User + system CPU seconds of a process on this machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
