"""Server-side page timings with Django's test Client, in process.

Each page gets WARMUP requests, then up to REPEAT timed ones, stopping early once
CAP_SECONDS have gone; one more request runs under CaptureQueriesContext to count
queries. Query mixes (the search page, the engine) time each query of the mix once.
Baselines (``benchmarks.baseline``) run on the same data in the same process.
"""

import gc
import math
import random
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from benchmarks import baseline
from cases import search
from cases.models import Case, Region, Theme
from cases.paging import SEARCH_WINDOW
from cases.search import tokenizer

WARMUP = 3
REPEAT = 30
CAP_SECONDS = 20.0
MIX_CAP_SECONDS = 40.0
# The icontains mix takes 0.1-10 s a query: its first 20 s of queries (shuffled) show
# the ratio, where the full 40 s was a twentieth of a make bench run.
SEARCH_BASELINE_CAP_SECONDS = 20.0
BASELINE_REPEAT = 5
BASELINE_CAP_SECONDS = 10.0
# A baseline still running after this is stopped and reported as "more than" it:
# the slowest took 10-54 s each, a quarter of a make bench run, to show ratios far
# above the 10x asked.
BASELINE_STOP_SECONDS = 5.0
# A request still running after this is aborted (SQLite progress handler, PostgreSQL
# statement_timeout) and reported as a timeout, so one pathological page cannot
# stall the run.
REQUEST_TIMEOUT_SECONDS = 30.0
PAGE_CACHE = (
    "cases.middleware.UpdatePublicPageCacheMiddleware",
    "django.middleware.cache.FetchFromCacheMiddleware",
)

# A fixed mix: practice names, places, topics, 2-character words, several words, a
# quoted phrase, rare and very common words, a sentence, one character, digits.
QUERIES = [
    "吃茶话事",
    "小苑同学",
    "红色物业",
    "网格+",
    "悦小哥",
    "随褚办",
    "厝边仙",
    "一老一小",
    "15分钟便民生活圈",
    "党建+网格",
    "红色驿站",
    "议事茶馆",
    "河南省",
    "焦作",
    "嘉峪关市",
    "{city}",
    "{district}",
    "{street}",
    "{community}",
    "养老服务",
    "矛盾纠纷",
    "新就业群体",
    "老旧小区改造",
    "志愿服务",
    "物业管理",
    "家庭医生",
    "民族团结",
    "议事",
    "茶话",
    "吃茶",
    "网格",
    "调解",
    "物业",
    "驿站",
    "党建引领 网格",
    "矛盾纠纷 调解",
    "养老 志愿服务",
    "红色 物业 小区",
    '"一老一小"',
    "“小事不出格”",
    "阿巴依",
    "量子计算",
    "社区食堂",
    "党建 引领",
    "社区",
    "治理",
    "如何用党建引领破解老旧小区物业管理难题",
    "网",
    "2.0",
    "1+N",
    "123工作法",
]
# The mix's word in most cases and name in a few (not practice names, so both take the
# same path through the engine): how constant a search page's queries are.
COMMON = "网格"
RARE = "{community}"


@dataclass
class Page:
    name: str
    urls: list[str]  # cycled through; one per request
    baseline: Callable[[], object] | None = None
    mix: list[str] = field(default_factory=list)  # the queries behind ``urls``


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile: the 95th of 30 samples is the 29th smallest."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(samples: list[float]) -> dict:
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "n": len(samples),
    }


def time_calls(
    call: Callable[[int], object],
    repeat: int,
    warmup: int,
    cap: float,
    count: int | None = None,
) -> list[float]:
    """Milliseconds of ``call(i)``: ``count`` calls (a mix) or ``repeat`` of them,
    after ``warmup`` untimed ones, all within ``cap`` seconds (at least one sample)."""
    started = time.perf_counter()
    for i in range(warmup):
        call(i)
        if time.perf_counter() - started > cap / 4:
            break
    samples: list[float] = []
    for i in range(count if count is not None else repeat):
        begin = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - begin) * 1000)
        if time.perf_counter() - started > cap:
            break
    return samples


class RequestTimeout(Exception):
    pass


class BaselineStopped(Exception):
    pass


_deadline = [math.inf]


def _past_deadline() -> int:
    return int(time.perf_counter() > _deadline[0])


def install_timeout() -> None:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(_past_deadline, 10_000)
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SET statement_timeout = {int(REQUEST_TIMEOUT_SECONDS * 1000)}"
            )


def fetch(client: Client, url: str):
    _deadline[0] = time.perf_counter() + REQUEST_TIMEOUT_SECONDS
    try:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)  # the queries run while streaming
    except DatabaseError as error:
        if time.perf_counter() < _deadline[0] and "cancel" not in str(error):
            raise
        raise RequestTimeout(url) from error
    finally:
        _deadline[0] = math.inf
    return response


def wired(url: str) -> bool:
    try:
        resolve(url.split("?")[0])
    except Resolver404:
        return False
    return True


def choose_subjects() -> dict:
    """The places, cases and filters the pages use, chosen from the data (not timed)."""
    published = Case.objects.published()
    counts = published.region_counts()
    regions = Region.objects.in_bulk(list(counts))
    by_level: dict[str, list[Region]] = {}
    for region in regions.values():
        by_level.setdefault(region.level, []).append(region)

    def largest(level):
        return max(
            by_level.get(level, []), key=lambda r: (counts[r.pk], -r.pk), default=None
        )

    province = largest("province")
    district = largest("county") or province
    near_1000 = min(regions.values(), key=lambda r: (abs(counts[r.pk] - 1000), r.pk))
    cities = sorted(by_level.get("city", []), key=lambda r: r.pk)
    streets = sorted(by_level.get("township", []), key=lambda r: -counts[r.pk])
    community = (
        published.filter(communities__isnull=False)
        .values_list("communities__name", flat=True)
        .order_by("pk")
        .first()
    )
    theme = Theme.objects.annotate(n=Count("cases")).order_by("-n", "pk").first()
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(ids) // REPEAT)
    richest = (
        published.annotate(n=Count("metrics"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    names = {
        "city": cities[len(cities) // 2].name if cities else "郑州市",
        "district": district.name,
        "street": streets[0].name if streets else "王褚街道",
        "community": community or "滨溪社区",
    }
    return {
        "province": province,
        "province_cases": counts[province.pk],
        "district": district,
        "district_cases": counts[district.pk],
        "export_region": near_1000,
        "export_cases": counts[near_1000.pk],
        "theme": theme,
        "cases": [richest, *ids[::step][: REPEAT - 1]],
        "queries": [q.format(**names) for q in QUERIES],
    }


def pages(s: dict) -> list[Page]:
    def list_url(**params):
        return "/cases/?" + urlencode(params)

    theme, province, district = s["theme"].slug, s["province"], s["district"]
    three = {"theme": theme, "region": province.pk, "metric_kind": "rate"}
    metric_range = {"metric": "办结率", "metric_min": "85"}
    queries = s["queries"]
    return [
        Page("home", ["/"], baseline.home),
        Page("region tree", ["/regions/"], baseline.region_tree),
        Page(
            f"province page ({province.name}, {s['province_cases']} cases)",
            [f"/regions/{province.pk}/"],
            lambda: baseline.region_page(province),
        ),
        Page(
            f"district page ({district.name}, {s['district_cases']} cases)",
            [f"/regions/{district.pk}/"],
            lambda: baseline.region_page(district),
        ),
        Page("case list, no filter", ["/cases/"], lambda: baseline.case_list({})),
        Page(
            "case list, 1 filter (theme)",
            [list_url(theme=theme)],
            lambda: baseline.case_list({"theme": theme}),
        ),
        Page(
            "case list, 3 filters (theme+region+metric_kind)",
            [list_url(**three)],
            lambda: baseline.case_list(three),
        ),
        Page(
            "case list, metric range (办结率 ≥ 85)",
            [list_url(**metric_range)],
            lambda: baseline.case_list(metric_range),
        ),
        Page(
            f"search page ({len(queries)}-query mix)",
            [list_url(q=q) for q in queries],
            mix=queries,
        ),
        Page("case page", [f"/cases/{pk}/" for pk in s["cases"]]),
        Page("compare (subject=办结率)", ["/compare/?subject=" + "办结率"]),
        Page(
            f"CSV export ({s['export_cases']} cases)",
            [f"/cases/export.csv?region={s['export_region'].pk}"],
        ),
        Page(
            "API /api/cases/?q=网格&page_size=50",
            ["/api/cases/?q=网格&page_size=50"],
            lambda: baseline.api_cases("网格"),
        ),
    ]


def measure_page(
    client: Client, page: Page, repeat: int, warmup: int, cap: float
) -> dict:
    """The first request is timed and counts queries; a slow page stops there."""
    record: dict = {"page": page.name}
    begin = time.perf_counter()
    try:
        with CaptureQueriesContext(connection) as captured:
            response = fetch(client, page.urls[0])
    except RequestTimeout:
        return {
            **record,
            "status": "timeout",
            "p50_ms": None,
            "p95_ms": None,
            "note": f"aborted after {REQUEST_TIMEOUT_SECONDS:.0f} s",
        }
    first_ms = (time.perf_counter() - begin) * 1000
    status = response.status_code
    if status == 404 and not wired(page.urls[0]):
        record.update(status=404, note="missing: URL not wired in cases/urls.py")
        return record
    record["queries"] = len(captured.captured_queries)
    if first_ms > cap * 1000 / 4:
        record.update(
            summary([first_ms]),
            status=status,
            note="one request only (slower than a quarter of the cap)",
        )
        return record
    urls = page.urls

    def call(i):
        return fetch(client, urls[i % len(urls)])

    try:
        samples = time_calls(
            call,
            repeat,
            warmup,
            MIX_CAP_SECONDS if page.mix else cap,
            count=len(urls) if page.mix else None,
        )
    except RequestTimeout as error:
        return {
            **record,
            "status": "timeout",
            "p50_ms": None,
            "p95_ms": None,
            "note": f"{error} aborted after {REQUEST_TIMEOUT_SECONDS:.0f} s",
        }
    record.update(summary(samples), status=status)
    if page.mix:
        # Constant queries: a word most cases hold and a name a dozen hold ask as
        # many, each on a first visit with nothing cached.
        for key, query in (("queries_common", COMMON), ("queries_rare", RARE)):
            url = urls[QUERIES.index(query)]
            record[key] = count_queries(lambda url=url: fetch_first_visit(client, url))
        record["per_query_ms"] = dict(
            zip(page.mix, (round(x, 1) for x in samples), strict=False)
        )
    return record


def fetch_first_visit(client: Client, url: str):
    for cache in caches.all():
        cache.clear()
    return fetch(client, url)


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def measure_engine(queries: list[str], warmup: int, cap: float) -> tuple[dict, dict]:
    """The search engine alone, per query of the mix: what a results page asks of it,
    the ranked ids of the first SEARCH_WINDOW results (+ 1 to tell there are more),
    which give the top 20 and the count up to the window."""
    counts: dict[str, int] = {}

    def engine(i):
        query = queries[i % len(queries)]
        ids = search.ranked_ids(Case.objects.published(), query, SEARCH_WINDOW + 1)
        counts[query] = len(ids)

    samples = time_calls(engine, 0, warmup, MIX_CAP_SECONDS, count=len(queries))
    record = {
        "page": f"search engine ({len(queries)}-query mix, top {SEARCH_WINDOW:,} + count)",
        **summary(samples),
        "status": 200,
        "queries": count_queries(lambda: engine(queries.index("网格"))),
        "per_query_ms": dict(
            zip(queries, (round(x, 1) for x in samples), strict=False)
        ),
        "hits": counts,
    }
    return record, {"samples": samples}


def measure_edit(repeat: int = 20, warmup: int = WARMUP) -> dict:
    """Change one case's title and save it: the signal re-indexes it. Warmed up
    like the pages: a first save after the reads of the run once took 385 ms on
    PostgreSQL where the next five took 7-10 ms."""
    case = Case.objects.published().order_by("pk")[len_half()]
    original = case.title
    samples = []
    for i in range(warmup + repeat):
        case.title = original if i % 2 else original + "（修订）"
        begin = time.perf_counter()
        case.save()
        if i >= warmup:
            samples.append((time.perf_counter() - begin) * 1000)
    case.title = original + "（修订）"
    queries = count_queries(case.save)
    case.title = original
    case.save()
    return {
        "page": "edit one case (title + save, re-indexed by signal)",
        **summary(samples),
        "status": 200,
        "queries": queries,
    }


def len_half() -> int:
    return Case.objects.published().count() // 2


def rss_mb(pid: int | str = "self") -> dict:
    """The resident set now (VmRSS) and at its peak (VmHWM) of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    values = {}
    for line in status.splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return values


def measure_baseline(call: Callable[[], object], repeat: int, cap: float) -> dict:
    """A baseline's first call warms it up; one slower than a quarter of the cap is
    the sample itself (as a page's first request is), rather than run again, and
    one still running after BASELINE_STOP_SECONDS is stopped there: its time is a
    lower bound (``stopped``)."""
    first_ms, stopped = time_until_stopped(call, BASELINE_STOP_SECONDS)
    if stopped:
        return {"p95_ms": round(first_ms, 1), "n": 1, "queries": None, "stopped": True}
    if first_ms > cap * 1000 / 4:
        samples = [first_ms]
    else:
        samples = time_calls(lambda i: call(), repeat, 0, cap - first_ms / 1000)
    return {
        "p95_ms": round(percentile(samples, 0.95), 1),
        "n": len(samples),
        "queries": count_queries(call) if samples[-1] < 2000 else None,
    }


def time_until_stopped(call: Callable[[], object], stop: float) -> tuple[float, bool]:
    """Milliseconds of ``call()``, and whether it was stopped after ``stop``
    seconds: at its next query, or inside a long one (SQLite's progress handler,
    PostgreSQL's statement_timeout)."""
    begin = time.perf_counter()
    deadline = begin + stop

    def stopping(execute, sql, params, many, context):
        if time.perf_counter() > deadline:
            raise BaselineStopped
        return execute(sql, params, many, context)

    _deadline[0] = deadline
    try:
        with connection.execute_wrapper(stopping), statement_timeout(stop):
            call()
    except (BaselineStopped, DatabaseError):
        if time.perf_counter() < deadline:
            raise  # a real error, not the stop
        return (time.perf_counter() - begin) * 1000, True
    finally:
        _deadline[0] = math.inf
    return (time.perf_counter() - begin) * 1000, False


@contextmanager
def statement_timeout(seconds: float):
    """PostgreSQL cancels a statement after ``seconds`` (then the request's)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SET statement_timeout = {int(REQUEST_TIMEOUT_SECONDS * 1000)}"
            )


def run(
    database: str,
    cases: int,
    repeat: int = REPEAT,
    warmup: int = WARMUP,
    cap: float = CAP_SECONDS,
    baselines: bool = True,
    only=None,
    log=None,
) -> dict:
    """Every page's record, the engine's, the edit's, RSS and the baselines."""
    with measured_settings():
        return _run(database, cases, repeat, warmup, cap, baselines, only, log)


def measured_settings(page_cache: bool = False) -> override_settings:
    """DEBUG off (no query log except under CaptureQueriesContext), the test client's
    host allowed, and by default no page cache: each page's own work is measured,
    where the cache would answer repeats from memory."""
    middleware = [m for m in settings.MIDDLEWARE if page_cache or m not in PAGE_CACHE]
    return override_settings(
        DEBUG=False,
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        MIDDLEWARE=middleware,
    )


def start_like_a_server() -> None:
    """What a server started by `make serve` does before its first request: jieba's
    dictionary loaded with the apps (SEARCH_PRELOAD), then govcases/wsgi.py."""
    tokenizer.load_dictionary()
    gc.freeze()


def _run(database, cases, repeat, warmup, cap, baselines, only, log) -> dict:
    log = log or (lambda message: None)
    subjects = choose_subjects()
    install_timeout()
    start_like_a_server()
    client = Client()
    records = []
    selected = [
        p
        for p in pages(subjects)
        if only is None or any(p.name.startswith(name) for name in only)
    ]
    for page in selected:
        log(f"  {page.name} …")
        records.append(measure_page(client, page, repeat, warmup, cap))
    queries = subjects["queries"]
    engine = None
    if only is None or "search engine" in only:
        log("  search engine …")
        engine, _ = measure_engine(queries, warmup, cap)
        records.append(engine)
    memory = rss_mb()
    if only is None or "edit" in only:
        log("  edit one case …")
        records.append(measure_edit())
    if baselines:
        by_page = {p.name: p for p in selected}
        for record in records:
            page = by_page.get(record["page"])
            if page and page.baseline and record.get("status") == 200:
                log(f"  baseline: {page.name} …")
                result = measure_baseline(
                    page.baseline, BASELINE_REPEAT, BASELINE_CAP_SECONDS
                )
                record["baseline_p95_ms"] = result["p95_ms"]
                record["baseline_n"] = result["n"]
                record["baseline_queries"] = result["queries"]
                if result.get("stopped"):
                    record["baseline_stopped"] = True
        if engine is not None:
            log("  baseline: icontains search …")
            result = search_baseline(queries, warmup)
            for record in records:
                if record["page"].startswith(("search engine", "search page")):
                    record["baseline_p95_ms"] = result["p95_ms"]
                    record["baseline_n"] = result["n"]
                    record["baseline_queries"] = 2
    for record in records:
        record.update(database=database, cases=cases)
        record.setdefault("baseline_p95_ms", None)
        record.setdefault("queries", None)
        base, p95 = record["baseline_p95_ms"], record.get("p95_ms")
        record["ratio"] = round(base / p95, 1) if base and p95 else None
    return {
        "records": records,
        "rss_mb": memory,
        "subjects": {
            "province": subjects["province"].chain,
            "district": subjects["district"].chain,
            "export_region": subjects["export_region"].chain,
            "theme": subjects["theme"].name,
            "queries": queries,
        },
    }


def search_baseline(queries: list[str], warmup: int) -> dict:
    """icontains over the same mix, shuffled (a fixed order), for up to
    SEARCH_BASELINE_CAP_SECONDS."""
    order = list(queries)
    random.Random(0).shuffle(order)
    samples = time_calls(
        lambda i: baseline.search_results(order[i]),
        0,
        min(warmup, 1),
        SEARCH_BASELINE_CAP_SECONDS,
        count=len(order),
    )
    return {"p95_ms": round(percentile(samples, 0.95), 1), "n": len(samples)}
