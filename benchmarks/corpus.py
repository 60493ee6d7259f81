"""A deterministic synthetic corpus for the benchmarks, built from the seed content.

``generate(n, seed)`` is pure Python (same seed → same corpus); ``load(corpus)``
writes it with ``bulk_create`` in batches and returns timings. Titles recombine real
practice names with synthetic places; summaries and descriptions are real sentences
of the seed articles; every metric is a real curated figure, sometimes with another
value written into its quote, and its quote is a sentence of the case's description.
Each synthetic source article is the concatenated descriptions of 5 cases, so
``provenance_problems`` holds for every synthetic metric.
"""

import bisect
import json
import os
import random
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

from cases.lib.numbers import states_value, strip_whitespace
from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
    SourceArticle,
    Theme,
)

DEFAULT_SEED = 20251123
BATCH_SIZE = 5000
CASES_PER_ARTICLE = 5  # like the seed: 21 cases from 5 articles of 7–20k characters
DESCRIPTION_CHARS = 800

PROVINCES = """北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省
浙江省 安徽省 福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市
四川省 贵州省 云南省 西藏自治区 陕西省 甘肃省 青海省 宁夏回族自治区 新疆维吾尔自治区""".split()
NAME_CHARS = (
    "安宝北滨昌城春丰福阜富港和河红华淮黄惠吉嘉建江金锦京景靖开康兰乐黎丽林临龙隆鹿"
    "洛茂梅美南宁平齐青清庆泉仁荣瑞山上尚深盛石寿顺松泰桃天通桐万旺文武西溪祥新兴秀"
    "阳杨义永右玉裕元岳云长振镇正中州竹遵东古汉湘樱枫柳荷兰桂杏梧"
)
# Full tree: 31 provinces × cities × districts × streets, communities under streets.
TREE_FULL = (10, 8, 6, 3)
TREE_SMALL = (3, 3, 3, 2)  # below SMALL_TREE_CASES, so tests stay fast
SMALL_TREE_CASES = 20_000

PRACTICE_PREFIXES = [
    "红色",
    "党建+",
    "智慧",
    "幸福",
    "邻里",
    "暖心",
    "连心",
    "同心",
    "和美",
    "睦邻",
    "阳光",
    "先锋",
    "银龄",
    "青春",
    "平安",
    "乐享",
    "共享",
    "百姓",
]
PRACTICE_NOUNS = [
    "驿站",
    "议事厅",
    "小屋",
    "工作室",
    "服务队",
    "课堂",
    "食堂",
    "工作法",
    "议事会",
    "网格",
    "管家",
    "联盟",
    "客厅",
    "之家",
    "服务站",
    "夜话",
    "茶馆",
    "直通车",
    "清单",
    "说事点",
    "调解室",
    "帮帮团",
    "书院",
    "集市",
]
NUMERALS = "一二三四五六七八九十"
TITLE_VERBS = ["创新", "深化", "推行", "打造", "探索", "实施", "擦亮", "做实", "用好"]
TITLE_PHRASES = [
    "激发治理新活力",
    "打通基层治理“神经末梢”",
    "推进基层高效能治理",
    "构建“多元共治”新格局",
    "提升服务群众质效",
    "助老解忧",
    "打造共治共享幸福家园",
    "引领基层治理创新",
    "社区治理添活力",
    "聚力强根基、党群连心促治理",
    "推动乡村振兴",
    "为民服务暖人心",
    "破解小区治理难题",
    "让群众办事少跑腿",
    "织密服务“一张网”",
    "化解矛盾纠纷在基层",
    "凝聚新就业群体",
    "建设全龄友好社区",
    "绘就“幸福图”",
    "提升居民幸福感",
]
LEADS = [
    "{place}以“{practice}”为抓手，",
    "{place}创新推行“{practice}”，",
    "近年来，{place}深化“{practice}”建设，",
    "{place}坚持党建引领，依托“{practice}”，",
]
PUBLICATIONS = ["人民网", "中国组织人事报", "党建研究", "社区治理", "基层治理观察", ""]
START_DATE = datetime(2019, 1, 1, tzinfo=UTC)
DATE_SPAN_DAYS = 7 * 365
SENTENCE_RE = re.compile(r"[^。！？]*[。！？]")
QUOTED_NAME_RE = re.compile(r"“[^”]*”|\"[^\"]*\"")


@dataclass
class RegionRow:
    id: int
    name: str
    level: str
    parent_id: int | None
    path: str
    chain: str
    depth: int


@dataclass
class MetricTemplate:
    subject: str
    kind: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str
    period: str
    quote: str
    sentence: str  # the description sentence that holds the quote


@dataclass
class CaseRow:
    slug: str
    title: str
    summary: str
    description: str
    region_id: int
    status: str
    published_at: datetime
    practice_ids: list[int]
    theme_ids: list[int]
    community_ids: list[int]
    metrics: list[MetricTemplate]


@dataclass
class Corpus:
    n: int
    seed: int
    regions: list[RegionRow]
    communities: list[tuple[int, str, int]]  # id, name, region id
    practices: list[tuple[int, str]]
    themes: list[Theme]
    cases_per_article: int = CASES_PER_ARTICLE
    stats: dict = field(default_factory=dict)
    _state: dict = field(default_factory=dict, repr=False)

    def case_batches(self, size: int = BATCH_SIZE):
        """The cases in order, ``size`` at a time (a multiple of cases_per_article)."""
        rng = random.Random(self.seed * 7919 + 1)
        for start in range(0, self.n, size):
            yield [self._case(rng, i) for i in range(start, min(start + size, self.n))]

    def _case(self, rng: random.Random, i: int) -> CaseRow:
        s = self._state
        street = s["places"][_pick(rng, s["place_weights"])]
        province, city, district, township = street
        level = rng.random()
        region = township if level < 0.7 else district if level < 0.95 else city
        communities = s["communities_by_region"].get(township.id, [])
        chosen = rng.sample(
            communities, k=min(len(communities), rng.choice([0, 1, 1, 2]))
        )
        if region is not township:
            chosen = []
        practices = _unique(
            self.practices[_pick(rng, s["practice_weights"])]
            for _ in range(rng.randint(2, 6))
        )
        main = practices[0][1]
        place = rng.choice(
            [
                f"{city.name}{district.name}{township.name}",
                f"{district.name}{township.name}",
                f"{province.name}{city.name}{district.name}",
            ]
        )
        if chosen and rng.random() < 0.5:
            place += chosen[0][1]
        title = f"{place}：{rng.choice(TITLE_VERBS)}“{main}”{rng.choice(TITLE_PHRASES)}"
        lead = rng.choice(LEADS).format(place=place, practice=main)
        sentences = s["sentences"]
        summary = lead + "".join(
            rng.choice(sentences) for _ in range(rng.randint(1, 2))
        )
        metrics = [
            rng.choice(rng.choice(s["metric_variants"]))
            for _ in range(rng.randint(2, 10))
        ]
        metrics = list({m.quote: m for m in metrics}.values())
        parts = [lead + rng.choice(sentences)]
        parts += [
            f"“{name}”{rng.choice(['是', '作为'])}当地的特色做法。"
            for _, name in practices[1:]
        ]
        length = sum(map(len, parts)) + sum(len(m.sentence) for m in metrics)
        while length < DESCRIPTION_CHARS:
            sentence = rng.choice(sentences)
            parts.append(sentence)
            length += len(sentence)
        for metric in metrics:
            parts.insert(rng.randint(1, len(parts)), metric.sentence)
        status = rng.random()
        return CaseRow(
            slug=f"bench-{self.seed}-{i}",
            title=title[:200],
            summary=summary,
            description="".join(parts),
            region_id=region.id,
            status=(
                "published" if status < 0.95 else "review" if status < 0.98 else "draft"
            ),
            published_at=START_DATE
            + timedelta(seconds=rng.randrange(DATE_SPAN_DAYS * 86400)),
            practice_ids=[pk for pk, _ in practices],
            theme_ids=sorted(
                {
                    self.themes[_pick(rng, s["theme_weights"])].pk
                    for _ in range(rng.randint(1, 4))
                }
            ),
            community_ids=[pk for pk, _ in chosen],
            metrics=metrics,
        )


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return bisect.bisect(cumulative, rng.random() * cumulative[-1])


def _cumulative(weights) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


def _unique(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


# --- seed content -----------------------------------------------------------------


def _seed_dir() -> Path:
    return Path(settings.CASES_FIXTURE_DIR)


def seed_sentences() -> list[str]:
    """Real sentences of the seed articles, whitespace removed, 12–160 characters."""
    out = []
    for path in sorted(_seed_dir().glob("*.txt")):
        text = strip_whitespace(path.read_text(encoding="utf-8"))
        out += [s for s in SENTENCE_RE.findall(text) if 12 <= len(s) <= 160]
    return _unique(out)


def seed_entries() -> list[dict]:
    entries = []
    for path in sorted(_seed_dir().glob("*.json")):
        entries += json.loads(path.read_text(encoding="utf-8"))["cases"]
    return entries


def metric_variants(rng: random.Random) -> list[list[MetricTemplate]]:
    """Per curated metric: itself plus up to 12 copies stating other values."""
    texts = {
        p.name: strip_whitespace(p.read_text(encoding="utf-8"))
        for p in sorted(_seed_dir().glob("*.txt"))
    }
    sentences = [s for text in texts.values() for s in SENTENCE_RE.findall(text)]
    groups = []
    for entry in seed_entries():
        for row in entry["metrics"]:
            quote = strip_whitespace(row["quote"])
            holder = next((s for s in sentences if quote in s and len(s) <= 200), None)
            base = MetricTemplate(
                subject=QUOTED_NAME_RE.sub("", row["subject"]).strip()
                or row["subject"],
                kind=row["kind"],
                value=Decimal(row["value"]),
                value_max=Decimal(row["value_max"]) if row["value_max"] else None,
                unit=row["unit"],
                qualifier=row["qualifier"],
                period=row["period"],
                quote=quote,
                sentence=holder or quote + "。",
            )
            if not states_value(base.quote, base.value, base.value_max, base.unit):
                continue
            groups.append([base, *_revalued(base, rng)])
    return groups


def _revalued(base: MetricTemplate, rng: random.Random) -> list[MetricTemplate]:
    if base.value_max is not None or base.qualifier.startswith("数"):
        return []
    written = format(base.value.normalize(), "f")
    pattern = re.compile(rf"(?<![\d.]){re.escape(written)}(?![\d.])")
    if len(pattern.findall(base.quote)) != 1:
        return []
    out = []
    for _ in range(12):
        if base.kind == "rate" and base.value > 50:
            value = Decimal(rng.randint(600, 1000)) / 10
        else:
            value = Decimal(max(1, round(float(base.value) * rng.uniform(0.3, 3))))
            if base.kind == "rate":
                value = min(value, Decimal(100))
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value
        text = format(value.normalize(), "f")
        quote = pattern.sub(text, base.quote)
        if not states_value(quote, value, None, base.unit):
            continue
        out.append(
            MetricTemplate(
                base.subject,
                base.kind,
                value,
                None,
                base.unit,
                base.qualifier,
                base.period,
                quote,
                base.sentence.replace(base.quote, quote),
            )
        )
    return out


def practice_names(rng: random.Random, count: int = 4000) -> list[str]:
    real = _unique(name for entry in seed_entries() for name in entry["practices"])
    cores = [name for name in real if 2 <= len(name) <= 5]
    names = set(real)
    while len(names) < count:
        roll = rng.random()
        if roll < 0.35:
            name = rng.choice(PRACTICE_PREFIXES) + rng.choice(PRACTICE_NOUNS)
            name += rng.choice(
                ["", "", rng.choice(NAME_CHARS) + rng.choice(PRACTICE_NOUNS)]
            )
        elif roll < 0.55:
            name = (
                rng.choice(NAME_CHARS)
                + rng.choice(NAME_CHARS)
                + rng.choice(PRACTICE_NOUNS)
            )
        elif roll < 0.7:
            name = (
                rng.choice(cores) + "+" + rng.choice(["网格", "志愿", "物业", "议事"])
            )
        elif roll < 0.85:
            name = f"{rng.choice(NUMERALS)}{rng.choice(NAME_CHARS)}{rng.choice(['工作法', '机制', '联动'])}"
        else:
            name = f"{rng.choice([5, 10, 15, 20])}分钟{rng.choice(['便民', '幸福', '养老', '就业', '文化'])}{rng.choice(['生活圈', '服务圈'])}"
        names.add(name[:80])
    ordered = real + sorted(names - set(real))
    rng.shuffle(ordered)
    return ordered


# --- generation --------------------------------------------------------------------


def generate(
    n: int, seed: int = DEFAULT_SEED, cases_per_article: int = CASES_PER_ARTICLE
) -> Corpus:
    """The corpus of ``n`` cases for ``seed``; ids continue after existing rows."""
    rng = random.Random(seed)
    themes = list(_themes())
    region_base = _max_pk(Region)
    community_base = _max_pk(Community)
    practice_base = _max_pk(Practice)
    existing_roots = dict(Region.objects.filter(parent=None).values_list("name", "pk"))
    taken = set(Region.objects.values_list("parent_id", "name"))

    cities, districts, streets, per_street = (
        TREE_FULL if n >= SMALL_TREE_CASES else TREE_SMALL
    )
    regions: list[RegionRow] = []
    new_regions: list[RegionRow] = []
    next_id = region_base

    def add(name, level, parent):
        nonlocal next_id
        if parent is None and name in existing_roots:
            row = RegionRow(
                existing_roots[name],
                name,
                level,
                None,
                f"/{existing_roots[name]}/",
                name,
                0,
            )
            regions.append(row)
            return row
        next_id += 1
        row = RegionRow(
            next_id,
            name,
            level,
            parent.id if parent else None,
            f"{parent.path if parent else '/'}{next_id}/",
            f"{parent.chain} › {name}" if parent else name,
            parent.depth + 1 if parent else 0,
        )
        regions.append(row)
        new_regions.append(row)
        return row

    def fresh(parent, suffixes):
        while True:
            name = (
                rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS) + rng.choice(suffixes)
            )
            if (parent.id, name) not in taken:
                taken.add((parent.id, name))
                return name

    places = []  # (province, city, district, street)
    community_rows = []
    communities_by_region: dict[int, list] = {}
    for province_name in PROVINCES:
        province = add(province_name, "province", None)
        for _ in range(cities):
            city = add(fresh(province, ["市", "市", "州"]), "city", province)
            for _ in range(districts):
                district = add(fresh(city, ["区", "县"]), "county", city)
                for _ in range(streets):
                    street = add(
                        fresh(district, ["街道", "街道", "镇", "乡"]),
                        "township",
                        district,
                    )
                    places.append((province, city, district, street))
                    names = set()
                    while len(names) < per_street:
                        names.add(
                            rng.choice(NAME_CHARS)
                            + rng.choice(NAME_CHARS)
                            + rng.choice(["社区", "社区", "村"])
                        )
                    for name in sorted(names):
                        pk = community_base + len(community_rows) + 1
                        community_rows.append((pk, name, street.id))
                        communities_by_region.setdefault(street.id, []).append(
                            (pk, name)
                        )

    # Uneven provinces (a few hold many cases), like real collections.
    province_rank = {name: rank for rank, name in enumerate(rng.sample(PROVINCES, 31))}
    place_weights = _cumulative(1 / (province_rank[p[0].name] + 3) for p in places)
    existing = dict(Practice.objects.values_list("name", "pk"))
    practices, new_practices = [], []
    for name in practice_names(rng):
        if name in existing:
            practices.append((existing[name], name))
        else:
            new_practices.append((practice_base + len(new_practices) + 1, name))
            practices.append(new_practices[-1])
    corpus = Corpus(
        n, seed, new_regions, community_rows, practices, themes, cases_per_article
    )
    corpus.stats = {
        "regions": len(new_regions),
        "communities": len(community_rows),
        "practices": len(practices),
    }
    corpus._state = {
        "new_practices": new_practices,
        "places": places,
        "place_weights": place_weights,
        "communities_by_region": communities_by_region,
        "practice_weights": _cumulative(
            1 / (rank + 10) for rank in range(len(practices))
        ),
        "theme_weights": _cumulative(1 / (rank + 2) for rank in range(len(themes))),
        "sentences": seed_sentences(),
        "metric_variants": metric_variants(rng),
    }
    # Existing root rows are reused, not inserted: keep them out of the insert list.
    return corpus


def _themes():
    rows = json.loads(
        (Path(settings.FIXTURE_DIRS[0]) / "themes.json").read_text("utf-8")
    )
    for position, row in enumerate(rows):
        yield Theme.objects.get_or_create(
            name=row["name"],
            defaults={
                "slug": row["slug"],
                "description": row.get("description", ""),
                "position": position,
            },
        )[0]


def _max_pk(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --- loading -----------------------------------------------------------------------


def load(corpus: Corpus, progress=None) -> dict:
    """Write ``corpus``; returns rows written, seconds and characters to index."""
    started = time.perf_counter()
    with transaction.atomic():
        Region.objects.bulk_create(
            [
                Region(
                    id=r.id,
                    name=r.name,
                    level=r.level,
                    parent_id=r.parent_id,
                    path=r.path,
                    chain=r.chain,
                    depth=r.depth,
                )
                for r in corpus.regions
            ],
            batch_size=BATCH_SIZE,
        )
        Community.objects.bulk_create(
            [
                Community(id=pk, name=name, region_id=region)
                for pk, name, region in corpus.communities
            ],
            batch_size=BATCH_SIZE,
        )
        Practice.objects.bulk_create(
            [Practice(id=pk, name=name) for pk, name in corpus._state["new_practices"]],
            batch_size=BATCH_SIZE,
        )
    case_id, article_id, metric_id = (
        _max_pk(Case),
        _max_pk(SourceArticle),
        _max_pk(Metric),
    )
    rows = {"cases": 0, "metrics": 0, "articles": 0, "links": 0}
    chars = 0
    region_chain = {r.id: r.chain for r in corpus.regions}
    region_chain.update(Region.objects.filter(parent=None).values_list("pk", "chain"))
    practice_len = {pk: len(name) for pk, name in corpus.practices}
    now = datetime.now(UTC)
    for batch in corpus.case_batches():
        with transaction.atomic():
            articles, cases, metrics = [], [], []
            links = {"practices": [], "themes": [], "communities": [], "sources": []}
            for offset in range(0, len(batch), corpus.cases_per_article):
                group = batch[offset : offset + corpus.cases_per_article]
                article_id += 1
                published_on = date(2019, 1, 1) + timedelta(days=article_id % 2500)
                articles.append(
                    (
                        article_id,
                        f"基层治理案例汇编（第{article_id}辑）",
                        PUBLICATIONS[article_id % len(PUBLICATIONS)],
                        "",
                        published_on,
                        f"bench-{corpus.seed}/{article_id:06d}.txt",
                        "\n\n".join(f"{c.title}\n{c.description}" for c in group),
                    )
                )
                for case in group:
                    case_id += 1
                    cases.append(
                        (
                            case_id,
                            case.slug,
                            case.title,
                            case.summary,
                            case.description,
                            case.region_id,
                            case.status,
                            now,
                            now,
                            case.published_at if case.status == "published" else None,
                            published_on.year,  # its one source's (refresh_years)
                        )
                    )
                    links["practices"] += [(case_id, pk) for pk in case.practice_ids]
                    links["themes"] += [(case_id, pk) for pk in case.theme_ids]
                    links["communities"] += [(case_id, pk) for pk in case.community_ids]
                    links["sources"].append((case_id, article_id))
                    for position, m in enumerate(case.metrics):
                        metric_id += 1
                        metrics.append(
                            (
                                metric_id,
                                case_id,
                                article_id,
                                m.subject,
                                m.kind,
                                m.value,
                                m.value_max,
                                m.unit,
                                m.qualifier,
                                m.period,
                                m.quote,
                                position,
                            )
                        )
                        chars += len(m.subject) + len(m.period) + len(m.quote)
                    chars += (
                        len(case.title)
                        + len(case.summary)
                        + len(case.description)
                        + len(region_chain.get(case.region_id, ""))
                        + sum(practice_len[pk] for pk in case.practice_ids)
                    )
            _insert(
                SourceArticle,
                [
                    "id",
                    "title",
                    "publication",
                    "author",
                    "published_on",
                    "origin",
                    "text",
                ],
                articles,
            )
            _insert(
                Case,
                [
                    "id",
                    "slug",
                    "title",
                    "summary",
                    "description",
                    "region",
                    "status",
                    "created_at",
                    "updated_at",
                    "published_at",
                    "year",
                ],
                cases,
            )
            for name, pairs in links.items():
                through = getattr(Case, name).through
                target = [
                    f.name for f in through._meta.fields if f.name not in ("id", "case")
                ][0]
                _insert(through, ["case", target], pairs)
                rows["links"] += len(pairs)
            _insert(
                Metric,
                [
                    "id",
                    "case",
                    "source",
                    "subject",
                    "kind",
                    "value",
                    "value_max",
                    "unit",
                    "qualifier",
                    "period",
                    "quote",
                    "position",
                ],
                metrics,
            )
        rows["cases"] += len(cases)
        rows["metrics"] += len(metrics)
        rows["articles"] += len(articles)
        if progress:
            progress(rows["cases"], corpus.n)
    _reset_sequences()
    return {
        **rows,
        **corpus.stats,
        "seconds": time.perf_counter() - started,
        "index_chars": chars,
    }


def settle() -> None:
    """What autovacuum would soon do after a bulk build, done now on PostgreSQL: the
    index build rewrote every row, so until a VACUUM each scan also visits the dead
    versions and index-only scans cannot skip the table; ANALYZE gives the planner
    real counts (without it, it guessed 82 published rows of 10,000). Then the
    build's writes are put on disk (CHECKPOINT, sync), which the measured commits
    would otherwise wait for: a run without it timed a 495 ms edit on SQLite and a
    110 ms median edit on PostgreSQL, against 12 ms once the disk was quiet."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("CHECKPOINT")
    os.sync()


def _insert(model, names: list[str], rows: list[tuple]) -> None:
    """executemany of plain rows: bulk_create's per-object work is most of a load."""
    fields = [model._meta.get_field(name) for name in names]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    adapt = [_adapter(f) for f in fields]
    params = [
        [a(v) if a and v is not None else v for a, v in zip(adapt, row, strict=True)]
        for row in rows
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement: executemany, even pipelined,
            # is a statement per row for the server to parse and execute.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
            return
        for start in range(0, len(params), BATCH_SIZE):
            cursor.executemany(sql, params[start : start + BATCH_SIZE])


def _adapter(field):
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DecimalField":
        return lambda v: connection.ops.adapt_decimalfield_value(
            v, field.max_digits, field.decimal_places
        )
    return None


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL sequences behind; move them past the rows."""
    models = [
        Region,
        Community,
        Practice,
        SourceArticle,
        Case,
        Metric,
        Theme,
        Case.practices.through,
        Case.themes.through,
        Case.communities.through,
        Case.sources.through,
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
