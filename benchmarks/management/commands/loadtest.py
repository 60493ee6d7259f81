"""make loadtest: serve a 10,000-case database with gunicorn and replay a user mix."""

import os
import random
import secrets
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks import corpus, loadtest
from benchmarks.measure import rss_mb
from cases import search
from cases.models import Case, Region, Theme

MARK_START = "<!-- loadtest:start -->"
MARK_END = "<!-- loadtest:end -->"


def largest_worker_rss_mb(server_pid: int) -> float:
    """The resident set of the largest gunicorn worker after the run, in MB."""
    task = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    return max(rss_mb(pid)["VmRSS"] for pid in task.read_text().split())


class Command(BaseCommand):
    help = "Load-test a gunicorn server on 127.0.0.1 over a synthetic corpus (bounded run)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=10_000)
        parser.add_argument("--clients", type=int, default=20)
        parser.add_argument("--requests", type=int, default=6_000)
        parser.add_argument("--seconds", type=float, default=90)
        parser.add_argument("--port", type=int, default=8099)
        parser.add_argument(
            "--workers", type=int, default=(os.cpu_count() or 2) * 2 + 1
        )

    def handle(
        self, *args, cases, clients, requests, seconds, port, workers, **options
    ):
        self.ensure_corpus(cases)
        server = self.start_server(port, workers)
        try:
            base = f"http://127.0.0.1:{port}"
            case_ids = list(Case.objects.published().values_list("pk", flat=True))
            regions = list(
                Region.objects.filter(depth__lte=1).values_list("pk", flat=True)
            )
            themes = list(Theme.objects.values_list("slug", flat=True))

            def paths(rng: random.Random) -> str:
                return loadtest.url_mix(case_ids, regions, themes, rng)

            loadtest.run(base, paths, clients, requests // 10, seconds / 6)  # warm-up
            summary = loadtest.run(base, paths, clients, requests, seconds).summary()
            summary["worker_rss_mb"] = largest_worker_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        line = self.report(summary, cases, clients, workers)
        self.stdout.write(line)
        for sample in summary["failed_samples"]:
            self.stdout.write(f"  failed: {sample}")

    def ensure_corpus(self, cases: int) -> None:
        have = Case.objects.count()
        if have == cases:
            return
        if have:
            raise CommandError(
                f"This database holds {have:,} cases, not {cases:,}: point DATABASE_URL "
                "at an empty database (make loadtest uses its own)."
            )
        self.stdout.write(f"Building a synthetic corpus of {cases:,} cases …")
        corpus.load(corpus.generate(cases))
        search.rebuild(batch_size=2000)
        corpus.settle()

    def start_server(self, port: int, workers: int) -> subprocess.Popen:
        env = dict(
            os.environ,
            DEBUG="false",
            SEARCH_PRELOAD="true",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="false",
        )
        manage = [sys.executable, "manage.py"]
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
            cwd=settings.BASE_DIR,
        )
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "govcases.wsgi",
                "--preload",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
                return server
            except OSError:
                time.sleep(0.5)
        server.terminate()
        raise RuntimeError("gunicorn did not start")

    def report(self, summary: dict, cases: int, clients: int, workers: int) -> str:
        line = (
            f"| {date.today()} | {connection.vendor} | {cases:,} | {clients} | {workers} "
            f"| {summary['requests']:,} | {summary['rps']} | {summary['p50_ms']} "
            f"| {summary['p95_ms']} | {summary['p99_ms']} | {summary['errors']} "
            f"{summary['error_kinds'] or ''} | {summary['worker_rss_mb']} |"
        )
        path = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if MARK_START not in text:
            text += (
                f"\n## Load test (`make loadtest`)\n\n{MARK_START}\n"
                "| date | database | cases | clients | gunicorn workers | requests | req/s "
                "| p50 ms | p95 ms | p99 ms | errors | largest worker RSS MB |\n"
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                f"{MARK_END}\n"
            )
        text = text.replace(MARK_END, f"{line}\n{MARK_END}")
        path.write_text(text, encoding="utf-8")
        return line
