"""Benchmarks: a synthetic corpus (``corpus``), page timings (``measure``), the plain
Django versions they are compared with (``baseline``), and, here, the report that
``manage.py bench`` prints and writes to docs/benchmarks.md and docs/benchmarks.json."""

from cases.paging import SEARCH_WINDOW

JSON_KEYS = [
    "page",
    "database",
    "cases",
    "p50_ms",
    "p95_ms",
    "baseline_p95_ms",
    "queries",
]
EXTRA_JSON_KEYS = [
    "max_ms",
    "n",
    "status",
    "ratio",
    "queries_common",
    "queries_rare",
    "baseline_n",
    "baseline_queries",
    "baseline_stopped",
    "note",
    "per_query_ms",
    "hits",
]
PAGE_P95_MS = 150
ENGINE_P95_MS = 50
SLOW_BASELINE_MS = 150
BASELINE_FACTOR = 10
RSS_MB = 250
INDEX_CASES_PER_S = 1000
EDIT_MS = 100


def json_records(records: list[dict]) -> list[dict]:
    return [
        {key: record.get(key) for key in JSON_KEYS}
        | {key: record[key] for key in EXTRA_JSON_KEYS if key in record}
        for record in records
    ]


def _hits(count) -> str:
    """Hit counts stop one past the results window: 1,001 reads "over 1,000"."""

    if count is None:
        return "?"
    return f"> {SEARCH_WINDOW:,}" if count > SEARCH_WINDOW else f"{count:,}"


def _ms(value) -> str:
    return "—" if value is None else f"{value:,.1f}"


def table(records: list[dict], markdown: bool = False) -> str:
    header = [
        "page",
        "database",
        "cases",
        "p50 ms",
        "p95 ms",
        "max ms",
        "baseline p95",
        "ratio",
        "queries",
    ]
    rows = []
    for r in records:
        queries = "—" if r.get("queries") is None else str(r["queries"])
        if r.get("queries_rare") is not None:
            queries += f" (common {r['queries_common']}, rare {r['queries_rare']})"
        if r.get("p95_ms") is None and r.get("status") != 200:
            rows.append(
                [
                    r["page"],
                    r["database"],
                    f"{r['cases']:,}",
                    "—",
                    "—",
                    "—",
                    "—",
                    "—",
                    f"{r['status']}: {r.get('note', '')}",
                ]
            )
            continue
        base = _ms(r.get("baseline_p95_ms"))
        ratio = "—" if r.get("ratio") is None else f"{r['ratio']}×"
        if r.get("baseline_stopped"):
            base, ratio = f"> {base} (stopped)", f"> {ratio}"
        elif r.get("baseline_n") and r.get("baseline_n") < 5:
            base += f" (n={r['baseline_n']})"
        rows.append(
            [
                r["page"],
                r["database"],
                f"{r['cases']:,}",
                _ms(r.get("p50_ms")),
                _ms(r.get("p95_ms")),
                _ms(r.get("max_ms")),
                base,
                ratio,
                queries,
            ]
        )
    if markdown:
        lines = [
            "| " + " | ".join(header) + " |",
            "|"
            + "|".join("---" if i < 2 else "---:" for i in range(len(header)))
            + "|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [
        max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))
    ]
    return "\n".join(
        "  ".join(
            cell + " " * (width - _width(cell))
            for cell, width in zip(row, widths, strict=True)
        )
        for row in [header, *rows]
    )


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def run_lines(runs: list[dict]) -> str:
    lines = []
    for run in runs:
        load, index = run["load"], run["index"]
        lines.append(
            f"{run['database']} ({run['version']}, {run['size_mb']:,.0f} MB): "
            f"load {load['cases']:,} cases, {load['metrics']:,} metrics, "
            f"{load['links']:,} links in {load['seconds']:.1f} s; "
            f"index {index['cases'] / index['seconds']:,.0f} cases/s, "
            f"{index['chars'] / index['seconds'] / 1e6:.2f} M chars/s "
            f"({index['seconds']:.1f} s); RSS after warm-up {run['rss_mb'].get('VmRSS')} MB, "
            f"peak {run['rss_mb'].get('VmHWM')} MB"
        )
    return "\n".join(lines)


def targets(records: list[dict], runs: list[dict]) -> list[tuple[str, bool, str]]:
    """(target, met, evidence) for each target of the brief."""
    timed = [r for r in records if r.get("p95_ms") is not None]
    pages = [r for r in timed if "engine" not in r["page"] and "edit" not in r["page"]]
    engines = [r for r in timed if "engine" in r["page"]]
    edits = [r for r in timed if r["page"].startswith("edit")]
    missing = [r for r in records if r.get("status") == 404]
    out = []

    def worst(rows):
        return max(rows, key=lambda r: r["p95_ms"]) if rows else None

    w = worst(pages)
    timeouts = [r for r in records if r.get("status") == "timeout"]
    out.append(
        (
            f"every page p95 ≤ {PAGE_P95_MS} ms",
            not timeouts and all(r["p95_ms"] <= PAGE_P95_MS for r in pages),
            (
                f"worst timed: {w['page']} on {w['database']}, {w['p95_ms']:,.1f} ms; "
                f"{sum(r['p95_ms'] > PAGE_P95_MS for r in pages)} of {len(pages)} over"
                if w
                else "no pages"
            )
            + "".join(f"; {r['page']} on {r['database']} timed out" for r in timeouts),
        )
    )
    w = worst(engines)
    out.append(
        (
            f"search engine p95 ≤ {ENGINE_P95_MS} ms",
            bool(engines) and all(r["p95_ms"] <= ENGINE_P95_MS for r in engines),
            "; ".join(f"{r['database']} {r['p95_ms']:,.1f} ms" for r in engines),
        )
    )
    slow = [r for r in timed if (r.get("baseline_p95_ms") or 0) > SLOW_BASELINE_MS]
    out.append(
        (
            f"≥ {BASELINE_FACTOR}× faster than a slow (> {SLOW_BASELINE_MS} ms) "
            "baseline",
            bool(slow) and all(r["ratio"] >= BASELINE_FACTOR for r in slow),
            "; ".join(
                f"{r['page']} on {r['database']} {r['ratio']}×"
                for r in slow
                if r["ratio"] < BASELINE_FACTOR
            )
            or f"all {len(slow)} slow baselines",
        )
    )
    uneven = [
        r for r in timed if r.get("queries_rare") not in (None, r.get("queries_common"))
    ]
    regions = {}
    for r in timed:
        if r["page"].startswith(("province page", "district page")):
            regions.setdefault(r["database"], set()).add(r["queries"])
    uneven_regions = [db for db, counts in regions.items() if len(counts) > 1]
    out.append(
        (
            "constant queries (common vs rare search; province vs district page)",
            not uneven and not uneven_regions,
            "; ".join(
                [
                    f"{r['page']} on {r['database']}: {r['queries_common']} vs "
                    f"{r['queries_rare']}"
                    for r in uneven
                ]
                + [
                    f"region pages on {db}: {sorted(regions[db])}"
                    for db in uneven_regions
                ]
            )
            or "same counts",
        )
    )
    rss = [(run["database"], run["rss_mb"].get("VmHWM", 0)) for run in runs]
    out.append(
        (
            f"serving RSS < {RSS_MB} MB (peak of the measuring process)",
            all(mb < RSS_MB for _, mb in rss),
            "; ".join(f"{db} {mb:,.0f} MB" for db, mb in rss),
        )
    )
    rates = [
        (run["database"], run["index"]["cases"] / run["index"]["seconds"])
        for run in runs
    ]
    out.append(
        (
            f"index build ≥ {INDEX_CASES_PER_S:,} cases/s",
            all(rate >= INDEX_CASES_PER_S for _, rate in rates),
            "; ".join(f"{db} {rate:,.0f} cases/s" for db, rate in rates),
        )
    )
    out.append(
        (
            f"one edit < {EDIT_MS} ms (p95)",
            bool(edits) and all(r["p95_ms"] < EDIT_MS for r in edits),
            "; ".join(f"{r['database']} {r['p95_ms']:,.1f} ms" for r in edits),
        )
    )
    if missing:
        out.append(
            (
                "every measured URL is wired",
                False,
                "; ".join(f"{r['page']} ({r.get('note', '')})" for r in missing),
            )
        )
    return out


def markdown(context: dict, records: list[dict]) -> str:
    runs = context["runs"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`manage.py bench`, code in `benchmarks/`). Server-side "
        "timings with Django's test `Client` in one process per database, DEBUG off, no "
        "network or browser time. Re-run it rather than editing these figures.",
        "",
        f"* Date: {context['date']}; code: {context['revision']}",
        f"* Machine: {context['machine']}",
        "* Databases: "
        + "; ".join(
            f"{run['database']}: {run['version']} ({run['size_mb']:,.0f} MB after load)"
            for run in runs
        ),
        f"* Cases: {context['cases']:,} synthetic (`benchmarks/corpus.py`, seed fixed)",
        f"* Command: `{context['command']}`; the whole run took "
        f"{context['elapsed'] / 60:.1f} min",
        "",
        "## Targets",
        "",
        "| target | met | evidence |",
        "|---|:-:|---|",
    ]
    lines += [
        f"| {name} | {'✓' if met else '✗'} | {evidence} |"
        for name, met, evidence in targets(records, runs)
    ]
    lines += [
        "",
        "## Pages",
        "",
        "p50/p95/max over up to 30 requests after 3 warm-ups (each page capped at "
        "about 20 s, mixes at 40 s); `queries` counted on the first request, which is also timed: a page whose first request takes over a quarter of its cap (5 s) is reported from that one uncached request (n=1 in docs/benchmarks.json); requests are aborted after 30 s. Baselines "
        "(`benchmarks/baseline.py`) are timed up to 5 times (10 s cap) after one "
        "warm-up, or from that first call alone when it takes over 2.5 s, and "
        'stopped after 5 s ("> 5,000 (stopped)": the ratio is then a lower '
        "bound, `baseline_stopped` in the JSON), on the "
        "same data and compute the page's data without rendering it; ratio = "
        "baseline p95 / p95. The search page and the engine share one baseline: "
        "icontains over the same query mix, each query once in a fixed shuffled "
        "order, for up to 20 s.",
        "",
        table(records, markdown=True),
        "",
        "## Load and index",
        "",
        "| database | cases | metrics | links | load s | index s | cases/s | "
        "M chars/s | RSS after warm-up MB | peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        load, index = run["load"], run["index"]
        lines.append(
            f"| {run['database']} | {load['cases']:,} | {load['metrics']:,} | "
            f"{load['links']:,} | {load['seconds']:.1f} | {index['seconds']:.1f} | "
            f"{index['cases'] / index['seconds']:,.0f} | "
            f"{index['chars'] / index['seconds'] / 1e6:.2f} | "
            f"{run['rss_mb'].get('VmRSS')} | {run['rss_mb'].get('VmHWM')} |"
        )
    lines += ["", "## Search mix", ""]
    for run in runs:
        engine = next((r for r in run["records"] if "engine" in r["page"]), None)
        if not engine:
            continue
        page = next(
            (r for r in run["records"] if r["page"].startswith("search page")), {}
        )
        slowest = sorted(engine["per_query_ms"].items(), key=lambda kv: -kv[1])[:8]
        page_slowest = sorted(
            page.get("per_query_ms", {}).items(), key=lambda kv: -kv[1]
        )[:8]
        lines.append(
            f"* {run['database']} engine, slowest: "
            + ", ".join(
                f"`{q}` {ms:,.0f} ms ({_hits(engine['hits'].get(q))} hits)"
                for q, ms in slowest
            )
        )
        if page_slowest:
            lines.append(
                f"* {run['database']} search page, slowest: "
                + ", ".join(f"`{q}` {ms:,.0f} ms" for q, ms in page_slowest)
            )
    subjects = runs[0].get("subjects", {}) if runs else {}
    lines += [
        "",
        "## What the pages use",
        "",
        f"* Province page: the province with most cases ({subjects.get('province')}); "
        f"district page: the county-level region with most cases "
        f"({subjects.get('district')}).",
        f"* Filters: theme = the most used theme ({subjects.get('theme')}); "
        "3 filters add that province and metric_kind=rate.",
        f"* CSV export: the region whose case count is nearest 1,000 "
        f"({subjects.get('export_region')}).",
        "* Case page: 30 different published cases, the first the one with most "
        "figures.",
        "* Query mix: " + " · ".join(f"`{q}`" for q in subjects.get("queries", [])),
        "* RSS: VmRSS/VmHWM from /proc/self/status of the measuring process, read "
        "after every page and the engine ran (before the baselines).",
        "* The test client keeps one database connection for the whole run.",
        "",
    ]
    return "\n".join(lines)
