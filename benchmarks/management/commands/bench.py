"""``manage.py bench``: load a synthetic corpus into throwaway databases and time
every page against it (see docs/benchmarks.md). The real database is never touched:
each database runs in child processes of this command with its own DATABASE_URL."""

import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from benchmarks import corpus, measure, report
from cases import search
from govcases.env import database_from_url

DATABASES = {
    "sqlite": "sqlite:///bench.sqlite3",
    "postgres": "postgres://postgres@127.0.0.1:5432/govcases_bench",
}


class Command(BaseCommand):
    help = (
        "Build a synthetic corpus (BENCH_CASES, default 100000) in bench.sqlite3 and "
        "the PostgreSQL database govcases_bench (BENCH_DATABASES=sqlite|postgres for "
        "one), time every page against the plain-Django baselines, and write "
        "docs/benchmarks.md and docs/benchmarks.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stage",
            choices=["prepare", "measure"],
            help="internal: one step, run in a child process",
        )
        parser.add_argument(
            "--no-write",
            action="store_true",
            help="print the table without writing docs/",
        )
        parser.add_argument(
            "--save-runs",
            metavar="FILE",
            help="also write each database's raw results to FILE",
        )
        parser.add_argument(
            "--from-runs",
            metavar="FILE",
            nargs="+",
            help="report saved runs (from --save-runs) instead of running again",
        )

    def handle(
        self,
        *args,
        stage=None,
        no_write=False,
        save_runs=None,
        from_runs=None,
        **options,
    ):
        cases = int(os.environ.get("BENCH_CASES", "100000"))
        if stage == "prepare":
            self._emit(prepare(cases, self._log))
        elif stage == "measure":
            call_command("migrate", verbosity=0)  # code may have moved on since prepare
            self._emit(measure.run(connection.vendor, cases, log=self._log))
        elif from_runs:
            saved = [
                json.loads(Path(name).read_text(encoding="utf-8")) for name in from_runs
            ]
            runs = [run for item in saved for run in item["runs"]]
            self._report(
                saved[0]["cases"],
                runs,
                sum(i["elapsed"] for i in saved),
                no_write,
                " ; ".join(i["command"] for i in saved),
            )
        else:
            self._run_all(cases, no_write, save_runs)

    def _log(self, message):
        self.stderr.write(f"{datetime.now():%H:%M:%S} {message}")
        self.stderr.flush()

    def _emit(self, result):
        self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))

    def _run_all(self, cases, no_write, save_runs=None):
        started = time.perf_counter()
        names = [
            n.strip()
            for n in os.environ.get("BENCH_DATABASES", "sqlite,postgres").split(",")
            if n.strip()
        ]
        unknown = set(names) - set(DATABASES)
        if unknown:
            raise CommandError(f"BENCH_DATABASES: unknown {', '.join(sorted(unknown))}")
        runs = []
        for name in names:
            url = os.environ.get(f"BENCH_{name.upper()}_URL", DATABASES[name])
            self._log(f"== {name}: {cases} cases ({url})")
            reset_database(name, url)
            prepared = self._child("prepare", url)
            measured = self._child("measure", url)
            runs.append({"database": name, "url": url, **prepared, **measured})
        elapsed = time.perf_counter() - started
        if save_runs:
            Path(save_runs).write_text(
                json.dumps(
                    {
                        "cases": cases,
                        "runs": runs,
                        "elapsed": elapsed,
                        "command": command_line(),
                    },
                    ensure_ascii=False,
                    default=str,
                )
            )
        self._report(cases, runs, elapsed, no_write, command_line())

    def _report(self, cases, runs, elapsed, no_write, command):
        records = [record for run in runs for record in run["records"]]
        self.stdout.write(report.table(records))
        self.stdout.write(report.run_lines(runs))
        self.stdout.write(f"Total {elapsed / 60:.1f} min.")
        if not no_write:
            context = {
                "cases": cases,
                "runs": runs,
                "elapsed": elapsed,
                "command": command_line(),
                "machine": machine(),
                "date": datetime.now().astimezone().isoformat(timespec="minutes"),
                "revision": revision(),
            }
            docs = Path(settings.BASE_DIR) / "docs"
            docs.mkdir(exist_ok=True)
            (docs / "benchmarks.json").write_text(
                json.dumps(report.json_records(records), ensure_ascii=False, indent=1)
                + "\n",
                encoding="utf-8",
            )
            markdown = docs / "benchmarks.md"
            kept = ""  # the load-test section that `make loadtest` maintains
            if markdown.exists():
                old = markdown.read_text(encoding="utf-8")
                start = old.find("\n## Load test")
                kept = old[start:] if start >= 0 else ""
            markdown.write_text(
                report.markdown(context, records).rstrip("\n") + "\n" + kept,
                encoding="utf-8",
            )
            self._log("Wrote docs/benchmarks.md and docs/benchmarks.json")

    def _child(self, stage, url):
        env = {**os.environ, "DATABASE_URL": url}
        result = subprocess.run(
            [sys.executable, "manage.py", "bench", "--stage", stage],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            check=False,
        )
        if result.returncode:
            raise CommandError(f"bench --stage {stage} failed for {url}")
        return json.loads(result.stdout.strip().splitlines()[-1])


def reset_database(name, url):
    """Delete bench.sqlite3 / drop and create govcases_bench."""

    config = database_from_url(url, settings.BASE_DIR)
    if name == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(config["NAME"] + suffix).unlink(missing_ok=True)
        return

    with psycopg.connect(
        dbname="postgres",
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        autocommit=True,
    ) as conn:
        database = sql.Identifier(config["NAME"])
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(database)
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(database))


def prepare(cases, log) -> dict:
    """Migrate, load the corpus and build the search index; returns the timings."""
    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # fine for a throwaway database
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
    started = time.perf_counter()
    generated = corpus.generate(cases)
    log(f"  generating + loading {cases} cases …")

    def progress(done, total):
        if done % 20000 == 0 or done == total:
            log(f"  loaded {done}/{total} ({time.perf_counter() - started:.0f} s)")

    loaded = corpus.load(generated, progress)
    loaded["seconds"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum would soon do
            cursor.execute("ANALYZE")
    log("  building the search index (cases.search.rebuild) …")

    started = time.perf_counter()
    indexed = search.rebuild()
    index_seconds = time.perf_counter() - started
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # serve with the default journal
            cursor.execute("PRAGMA journal_mode=DELETE")
    corpus.settle()
    log(f"  index: {indexed} cases in {index_seconds:.1f} s")
    return {
        "load": loaded,
        "index": {
            "cases": indexed,
            "seconds": index_seconds,
            "chars": loaded["index_chars"],
        },
        "version": database_version(),
        "size_mb": database_size_mb(),
    }


def database_version() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def database_size_mb() -> float:
    if connection.vendor == "sqlite":
        return round(Path(connection.settings_dict["NAME"]).stat().st_size / 2**20, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return round(cursor.fetchone()[0] / 2**20, 1)


def command_line() -> str:
    env = " ".join(
        f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("BENCH_")
    )
    return f"{env} python manage.py bench".strip()


def machine() -> str:
    memory = next(
        line
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    gib = int(memory.split()[1]) / 2**20
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return (
        f"{os.cpu_count()} cores ({model}), {gib:.1f} GiB RAM, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )


def revision() -> str:
    """The commit measured, and whether the working tree had changes (read only)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            text=True,
            capture_output=True,
            cwd=settings.BASE_DIR,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"],
            text=True,
            capture_output=True,
            cwd=settings.BASE_DIR,
        ).stdout
    except OSError:
        return "unknown"
    changed = len(dirty.splitlines())
    return f"{head}" + (f" + {changed} uncommitted files" if changed else "")
