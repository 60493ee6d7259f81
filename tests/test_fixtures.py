"""Fixtures seed an empty library and never overwrite curation; ``load_cases
--update`` lists what they would change and writes it only with ``--yes``."""

import json
import re
import shlex
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cases.models import (
    Case,
    Community,
    Metric,
    Practice,
    Region,
    SourceArticle,
    Theme,
)

pytestmark = pytest.mark.django_db

MAKEFILE = Path(settings.BASE_DIR) / "Makefile"
START_TARGETS = ["run", "serve"]
FIXTURES = Path(settings.FIXTURE_DIRS[0])

ZIGONG = "zigong-xueyuan-xiaoyuan-tongxue"
JIANGYIN = "jiangyin-gaoxin-shengwu-yiyao-chanyelian-dangjian"
ZHENGZHOU = "zhengzhou-gaoxin-jiceng-gaoxiaoneng-zhili"
CURATED_TITLE = "学苑街道“小苑同学”志愿服务队（编辑修订）"
CONTENT = [
    Theme,
    Region,
    Community,
    Practice,
    SourceArticle,
    Case,
    Metric,
    Case.communities.through,
    Case.practices.through,
    Case.themes.through,
    Case.sources.through,
]


def load_steps(target: str) -> list[list[str]]:
    """The arguments of every ``load_cases`` that ``make <target>`` runs, itself or
    through its prerequisites, as the Makefile writes them."""
    rules, current = {}, None
    text = re.sub(r"\\\n\s*", " ", MAKEFILE.read_text(encoding="utf-8"))
    for line in text.splitlines():
        if line.startswith("\t") and current:
            rules[current][1].append(line.strip())
        elif rule := re.match(r"([\w.-]+):(?!=)(.*)", line):
            current = rule[1]
            rules[current] = (rule[2].split(), [])
        elif line.strip() and not line.startswith("#"):
            current = None
    steps, seen = [], set()

    def walk(name):
        if name in seen or name not in rules:
            return
        seen.add(name)
        prerequisites, recipe = rules[name]
        for prerequisite in prerequisites:
            walk(prerequisite)
        for command in recipe:
            words = shlex.split(command)
            if "load_cases" in words:
                steps.append(words[words.index("load_cases") + 1 :])

    walk(target)
    return steps


def start(target: str) -> list[str]:
    """Run ``make <target>``'s load steps; what each printed."""
    steps = load_steps(target)
    assert steps, f"make {target} runs no load_cases"
    printed = []
    for arguments in steps:
        out = StringIO()
        call_command("load_cases", *arguments, stdout=out)
        printed.append(out.getvalue())
    return printed


def library() -> dict[str, list[dict]]:
    """Every row of every content table."""
    return {
        model._meta.db_table: list(model.objects.order_by("pk").values())
        for model in CONTENT
    }


def curate() -> None:
    """What curators do to seed content: retitle a case, withdraw one, correct a
    figure, rename a practice and a region, edit a theme, a community and an article,
    delete a figure and a case."""
    zigong = Case.objects.get(slug=ZIGONG)
    zigong.title = CURATED_TITLE
    zigong.save()
    jiangyin = Case.objects.get(slug=JIANGYIN)
    jiangyin.status = Case.Status.DRAFT
    jiangyin.save()
    figure = zigong.metrics.get(subject="收集居民诉求")
    figure.subject = "走访老人年龄"
    figure.kind = Metric.Kind.OTHER
    figure.value = 79
    figure.unit = "岁"
    figure.period = ""
    figure.quote = "79岁的老人刘念芳"
    figure.full_clean()
    figure.save()
    zigong.metrics.get(subject="停电问题解决用时").delete()
    Case.objects.get(slug=ZHENGZHOU).delete()
    practice = Practice.objects.get(name="暖心陪餐")
    practice.name = "暖心陪餐行动"
    practice.save()
    region = Region.objects.get(name="自贡高新区")
    region.name = "自贡国家高新区"
    region.save()
    theme = Theme.objects.get(name="志愿服务")
    theme.description = "志愿服务队伍建设（编辑改写）"
    theme.save()
    community = Community.objects.get(name="金海社区")
    community.kind = Community.Kind.OTHER
    community.save()
    article = zigong.sources.get()
    article.publication = "高新区党建"
    article.save()


def empty_library() -> None:
    for model in (Metric, Case, Community, Practice, Theme, SourceArticle):
        model.objects.all().delete()
    for depth in sorted(set(Region.objects.values_list("depth", flat=True)))[::-1]:
        Region.objects.filter(depth=depth).delete()


def fixture_cases() -> list[dict]:
    return [
        case
        for path in sorted((FIXTURES / "articles").glob("*.json"))
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
    ]


def update(*options: str) -> list[str]:
    out = StringIO()
    call_command("load_cases", "--update", *options, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("target", START_TARGETS)
def test_a_start_keeps_every_curators_edit_and_deletion(target):
    curate()
    curated = library()

    printed = start(target)

    assert library() == curated
    zigong = Case.objects.get(slug=ZIGONG)
    assert zigong.title == CURATED_TITLE
    assert Case.objects.get(slug=JIANGYIN).status == Case.Status.DRAFT
    assert zigong.metrics.filter(subject="走访老人年龄", value=79).exists()
    assert not zigong.metrics.filter(subject__in=["收集居民诉求", "停电问题解决用时"])
    assert not Case.objects.filter(slug=ZHENGZHOU).exists()
    for output in printed:
        assert len(output.splitlines()) == 1
        assert "not empty" in output and "load_cases --update" in output


@pytest.mark.parametrize("target", START_TARGETS)
def test_a_start_on_an_empty_library_seeds_every_fixture(target):
    empty_library()

    start(target)

    cases = fixture_cases()
    assert Case.objects.published().count() == len(cases) == Case.objects.count()
    assert Metric.objects.count() == sum(len(case["metrics"]) for case in cases)
    assert Theme.objects.count() == len(
        json.loads((FIXTURES / "themes.json").read_text(encoding="utf-8"))
    )
    call_command("verify_cases", stdout=StringIO())
    found = Case.objects.search("小苑同学").values_list("slug", flat=True)
    assert ZIGONG in found


def test_a_second_start_after_seeding_writes_nothing():
    empty_library()
    start("run")
    seeded = library()

    start("run")

    assert library() == seeded


def test_update_lists_each_change_and_writes_nothing():
    curate()
    curated = library()

    plan = update()

    assert library() == curated
    assert f"case {ZIGONG}: title: '{CURATED_TITLE}' → '" in "\n".join(plan)
    assert f"case {JIANGYIN}: status: 草稿 → 已发布" in plan
    corrected = [line for line in plan if line.startswith(f"figure {ZIGONG}#0 ")]
    assert any(line.endswith(": value: 79 → 131") for line in corrected)
    assert any(line.endswith(": unit: '岁' → '个'") for line in corrected)
    assert any(line.startswith(f"create figure {ZIGONG}#3 (") for line in plan)
    assert any(line.startswith(f"create case {ZHENGZHOU}: ") for line in plan)
    assert f"case {ZIGONG}: practices: −暖心陪餐行动 +暖心陪餐" in plan
    assert "theme volunteering: description: '志愿服务队伍建设（编辑改写）' → '" in (
        "\n".join(plan)
    )
    assert "create region 四川省 › 自贡市 › 自贡高新区" in plan
    assert plan[-1].startswith(f"{len(plan) - 1} changes listed, nothing written")


def test_update_with_yes_writes_the_fixtures_over_the_listed_edits():
    curate()
    plan = update()

    applied = update("--yes")

    assert applied[:-1] == plan[:-1]
    assert applied[-1].startswith(f"Applied {len(plan) - 1} changes")
    fixture = {case["key"]: case for case in fixture_cases()}
    zigong = Case.objects.get(slug=ZIGONG)
    assert zigong.title == fixture[ZIGONG]["title"]
    assert zigong.region.chain == "四川省 › 自贡市 › 自贡高新区 › 学苑街道"
    assert Case.objects.get(slug=JIANGYIN).status == Case.Status.PUBLISHED
    assert [(m.subject, m.quote) for m in zigong.metrics.order_by("position")] == [
        (m["subject"], m["quote"]) for m in fixture[ZIGONG]["metrics"]
    ]
    zhengzhou = Case.objects.get(slug=ZHENGZHOU)
    assert zhengzhou.metrics.count() == len(fixture[ZHENGZHOU]["metrics"])
    assert zhengzhou in Case.objects.search("郑州高新区")
    assert "暖心陪餐" in zigong.practices.values_list("name", flat=True)
    call_command("verify_cases", stdout=StringIO())
    assert update() == ["The library matches the fixtures: nothing to change."]


def test_update_on_an_untouched_library_has_nothing_to_change():
    assert update() == ["The library matches the fixtures: nothing to change."]


def test_update_shows_only_the_changed_part_of_a_long_text():
    zigong = Case.objects.get(slug=ZIGONG)
    assert zigong.description.count("常态化走访") == 1
    zigong.description = zigong.description.replace("常态化走访", "常态化上门走访")
    zigong.save()

    (line,) = [line for line in update() if line.startswith(f"case {ZIGONG}:")]

    assert line == (
        f"case {ZIGONG}: description: "
        "'…学等资源，常态化上门走访“一老一小”…' → '…学等资源，常态化走访“一老一小”…'"
    )


def test_a_figure_taken_out_of_the_fixtures_is_the_only_one_that_changes(fixture_dir):
    article = sorted((fixture_dir / "articles").glob("*.json"))[0]
    data = json.loads(article.read_text(encoding="utf-8"))
    entry = max(data["cases"], key=lambda case: len(case["metrics"]))
    taken = entry["metrics"].pop(1)
    article.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    figures = Case.objects.get(slug=entry["key"]).metrics
    before = figures.count()

    plan = update()

    deleted = [line for line in plan if line.startswith("delete figure")]
    assert len(deleted) == 1 and taken["subject"] in deleted[0]
    moved = [line for line in plan[:-1] if line not in deleted]
    assert moved and all(": position: " in line for line in moved)
    update("--yes")
    assert figures.count() == before - 1
    assert taken["quote"] not in figures.values_list("quote", flat=True)
    assert update() == ["The library matches the fixtures: nothing to change."]


def test_yes_without_update_is_refused():
    with pytest.raises(CommandError, match="--update") as refused:
        call_command("load_cases", "--yes", stdout=StringIO())
    assert refused.value.returncode == 2


@pytest.fixture
def fixture_dir(tmp_path, settings):
    """A copy of fixtures/ for a test to break."""
    directory = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, directory)
    settings.FIXTURE_DIRS = [directory]
    return directory


def _last_article(directory: Path) -> Path:
    return sorted((directory / "articles").glob("*.json"))[-1]


def _truncate(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8")[:500], encoding="utf-8")


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _quote_not_in_article(data):
    data["cases"][-1]["metrics"][0]["quote"] = "原文里没有这一句 12 个"


def _no_title(data):
    del data["cases"][-1]["title"]


def _unknown_theme(data):
    data["cases"][-1]["themes"].append("不存在的主题")


def _bad_number(data):
    data["cases"][-1]["metrics"][0]["value"] = "一百"


BREAKAGES = {
    "truncated JSON": (_truncate, "column"),
    "a quote not in its article": (
        lambda path: _edit(path, _quote_not_in_article),
        "quote",
    ),
    "a missing field": (lambda path: _edit(path, _no_title), "title"),
    "an unknown theme": (lambda path: _edit(path, _unknown_theme), "不存在的主题"),
    "a value that is not a number": (lambda path: _edit(path, _bad_number), "value"),
    "a missing article text": (
        lambda path: path.with_suffix(".txt").unlink(),
        "is missing",
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
@pytest.mark.parametrize("options", [[], ["--update", "--yes"]])
def test_a_broken_fixture_is_one_line_and_nothing_is_written(
    fixture_dir, breakage, options
):
    if not options:
        empty_library()
    else:
        curate()
    before = library()
    broken = _last_article(fixture_dir)
    damage, expected = BREAKAGES[breakage]
    damage(broken)

    with pytest.raises(CommandError) as failed:
        call_command("load_cases", *options, stdout=StringIO())

    message = str(failed.value)
    assert failed.value.returncode == 2
    assert message.startswith(broken.name) and expected in message
    assert "\n" not in message
    assert library() == before
