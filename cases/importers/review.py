"""The curator's review of a proposal, as forms: every proposed draft, community,
practice and figure can be accepted, edited or rejected before anything is saved.

The article itself travels with the forms (a hidden field), so nothing is stored
until the curator creates the drafts. ``ReviewForms.to_proposal()`` turns what the
curator confirmed back into a ``Proposal`` for ``save_proposal``.
"""

import json
from decimal import Decimal

from django import forms
from django.forms import formset_factory

from cases.importers.proposal import (
    Proposal,
    ProposedMetric,
    ProposedPlace,
    RegionNode,
)
from cases.importers.saving import ArticleMeta
from cases.lib import gazetteer
from cases.lib.numbers import states_value
from cases.lib.provenance import quote_is_in
from cases.models import Community, Metric, Theme

CHAIN_SEPARATORS = ("›", ">", "＞", "/")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
TOWNSHIP_ENDINGS = ("街道", "镇", "乡", "办事处")


class SourceForm(forms.Form):
    """Step one: the report, pasted or at a URL."""

    url = forms.URLField(
        label="网址",
        required=False,
        assume_scheme="https",
        help_text="填写网址即可自动抓取正文；也可以直接在下方粘贴全文。",
    )
    title = forms.CharField(label="标题", max_length=300, required=False)
    origin = forms.CharField(
        label="来源",
        max_length=500,
        required=False,
        help_text="原始文件名或网址，每篇文章只能导入一次（填写网址时可留空）。",
    )
    text = forms.CharField(
        label="全文",
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        help_text="按原文粘贴，不做改动。",
    )

    def clean(self):
        data = super().clean()
        if not data.get("url") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请粘贴文章全文，或填写文章网址。")
        if (data.get("text") or "").strip() and not (
            data.get("origin") or data.get("url")
        ):
            self.add_error("origin", "请填写来源（文件名或网址）。")
        return data


class ArticleForm(forms.Form):
    """The source article as it will be saved."""

    title = forms.CharField(label="标题", max_length=300)
    origin = forms.CharField(label="来源", max_length=500)
    publication = forms.CharField(label="刊载媒体", max_length=120, required=False)
    published_on = forms.DateField(
        label="发表日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    author = forms.CharField(label="作者", max_length=200, required=False)
    text = forms.CharField(strip=False, widget=forms.HiddenInput)


class DraftForm(forms.Form):
    keep = forms.BooleanField(label="采用", required=False, initial=True)
    chain = forms.CharField(
        label="地区",
        max_length=255,
        help_text="从省级开始，以 › 分隔。",
    )
    original_chain = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label="标题", max_length=200)
    summary = forms.CharField(
        label="摘要", widget=forms.Textarea(attrs={"rows": 3, "cols": 80})
    )
    themes = forms.MultipleChoiceField(
        label="主题", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, theme_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices

    def clean(self):
        data = super().clean()
        if data.get("keep") and data.get("chain"):
            try:
                data["nodes"] = parse_chain(data["chain"], data.get("original_chain"))
            except forms.ValidationError as error:
                self.add_error("chain", error)
        return data


class ItemForm(forms.Form):
    keep = forms.BooleanField(label="采用", required=False, initial=True)
    draft = forms.TypedChoiceField(label="草稿", coerce=int)

    def __init__(self, *args, draft_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["draft"].choices = draft_choices


class CommunityForm(ItemForm):
    name = forms.CharField(label="名称", max_length=60)
    kind = forms.ChoiceField(label="类型", choices=Community.Kind.choices)


class PracticeForm(ItemForm):
    name = forms.CharField(label="名称", max_length=80)


class FigureForm(ItemForm):
    subject = forms.CharField(label="统计对象", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=Metric.Kind.choices)
    value = forms.DecimalField(
        label="数值", max_digits=16, decimal_places=4, min_value=0
    )
    value_max = forms.DecimalField(
        label="上限", max_digits=16, decimal_places=4, min_value=0, required=False
    )
    unit = forms.CharField(label="单位", max_length=12, required=False)
    qualifier = forms.ChoiceField(
        label="限定词",
        required=False,
        choices=[("", "—"), *((q, q) for q in Metric.QUALIFIERS)],
    )
    period = forms.CharField(label="时期", max_length=40, required=False)
    quote = forms.CharField(
        label="原文引述", widget=forms.Textarea(attrs={"rows": 2, "cols": 40})
    )
    flag = forms.CharField(widget=forms.HiddenInput, required=False)

    def check_against(self, text: str) -> None:
        """The same checks as Metric.clean, against the article being reviewed."""
        data = self.cleaned_data
        if not data.get("keep") or "value" not in data or "quote" not in data:
            return
        if data["kind"] == Metric.Kind.RATE and data["value"] > 100:
            self.add_error("value", "比率不能超过 100%。")
        if data.get("value_max") is not None and data["value_max"] < data["value"]:
            self.add_error("value_max", "上限不能小于数值。")
        if not quote_is_in(data["quote"], text):
            self.add_error("quote", "原文引述在文章中找不到，请逐字复制原句。")
        elif not states_value(
            data["quote"], data["value"], data.get("value_max"), data.get("unit", "")
        ):
            self.add_error(
                "quote", "原文引述中没有写出这个数值，请核对数值、单位与引述。"
            )


DraftFormSet = formset_factory(DraftForm, extra=0)
CommunityFormSet = formset_factory(CommunityForm, extra=0)
PracticeFormSet = formset_factory(PracticeForm, extra=0)
FigureFormSet = formset_factory(FigureForm, extra=0)


class ReviewForms:
    """Everything on the review screen: the article and four formsets."""

    def __init__(self, data=None, proposal: Proposal | None = None, meta=None):
        theme_choices = [
            (name, name) for name in Theme.objects.values_list("name", flat=True)
        ]
        if proposal is not None:
            initial = _initial(proposal, meta)
            draft_count = len(proposal.places)
        else:
            initial = {
                key: None
                for key in ("article", "drafts", "communities", "practices", "figures")
            }
            draft_count = int((data or {}).get("drafts-TOTAL_FORMS") or 0)
        labels = [
            (
                initial["drafts"][i]["chain"]
                if proposal is not None
                else (data or {}).get(f"drafts-{i}-chain", "")
            )
            for i in range(min(draft_count, 1000))
        ]
        draft_choices = [
            (i, f"{i + 1} · {label.split('›')[-1].strip()}")
            for i, label in enumerate(labels)
        ]
        self.article = ArticleForm(data, initial=initial["article"], prefix="article")
        self.drafts = DraftFormSet(
            data,
            initial=initial["drafts"],
            prefix="drafts",
            form_kwargs={"theme_choices": theme_choices},
        )
        items = {"draft_choices": draft_choices}
        self.communities = CommunityFormSet(
            data,
            initial=initial["communities"],
            prefix="communities",
            form_kwargs=items,
        )
        self.practices = PracticeFormSet(
            data, initial=initial["practices"], prefix="practices", form_kwargs=items
        )
        self.figures = FigureFormSet(
            data, initial=initial["figures"], prefix="figures", form_kwargs=items
        )

    @property
    def formsets(self):
        return [self.drafts, self.communities, self.practices, self.figures]

    def is_valid(self) -> bool:
        valid = self.article.is_valid() and all(f.is_valid() for f in self.formsets)
        if not valid:
            return False
        text = self.article.cleaned_data["text"]
        for form in self.figures:
            form.check_against(text)
        if not any(form.cleaned_data.get("keep") for form in self.drafts):
            self.article.add_error(None, "至少保留一个草稿。")
        return not (self.article.errors or any(form.errors for form in self.figures))

    def meta(self) -> ArticleMeta:
        data = self.article.cleaned_data
        return ArticleMeta(
            origin=data["origin"],
            title=data["title"],
            publication=data["publication"],
            author=data["author"],
            published_on=data["published_on"],
        )

    def to_proposal(self) -> Proposal:
        """The drafts the curator kept, with the items kept for each."""
        text = self.article.cleaned_data["text"]
        places: dict[int, ProposedPlace] = {}
        for index, form in enumerate(self.drafts):
            data = form.cleaned_data
            if data.get("keep"):
                places[index] = ProposedPlace(
                    chain=data["nodes"],
                    start=index,
                    summary=data["summary"],
                    title=data["title"],
                    themes=list(data["themes"]),
                )
        for data in _kept(self.communities):
            if data["draft"] in places:
                entry = (data["name"], data["kind"])
                if entry not in places[data["draft"]].communities:
                    places[data["draft"]].communities.append(entry)
        for data in _kept(self.practices):
            if data["draft"] in places:
                if data["name"] not in places[data["draft"]].practices:
                    places[data["draft"]].practices.append(data["name"])
        metrics = []
        for data in _kept(self.figures):
            if data["draft"] not in places:
                continue
            metric = ProposedMetric(
                value=data["value"],
                value_max=data["value_max"],
                unit=data["unit"],
                qualifier=data["qualifier"],
                period=data["period"],
                kind=data["kind"],
                subject=data["subject"],
                quote=data["quote"],
                start=0,
            )
            places[data["draft"]].metrics.append(metric)
            metrics.append(metric)
        practices = [p for place in places.values() for p in place.practices]
        return Proposal(
            text=text,
            places=list(places.values()),
            practices=list(dict.fromkeys(practices)),
            metrics=metrics,
        )


def parse_chain(chain: str, original: str | None = "") -> tuple[RegionNode, ...]:
    """ "湖北省 › 武汉市 › 江岸区 › 四唯街道" as region nodes, province first. A name
    the proposal had keeps its level and inferred mark; a new one gets the level
    the gazetteer knows, or the one its place in the chain says."""
    for separator in CHAIN_SEPARATORS[1:]:
        chain = chain.replace(separator, CHAIN_SEPARATORS[0])
    names = [name.strip() for name in chain.split(CHAIN_SEPARATORS[0]) if name.strip()]
    if not names:
        raise forms.ValidationError("请填写地区。")
    known = {node["name"]: node for node in (json.loads(original) if original else [])}
    levels = _levels(names)
    nodes = tuple(
        RegionNode(
            name,
            known[name]["level"] if name in known else level,
            bool(known[name]["inferred"]) if name in known else False,
        )
        for name, level in zip(names, levels, strict=True)
    )
    if nodes[0].level != "province":
        raise forms.ValidationError(
            "请从省级开始填写地区，如“湖北省 › 武汉市 › 江岸区 › 四唯街道”。"
        )
    return nodes


def _levels(names: list[str]) -> list[str]:
    by_name = gazetteer.by_name()
    levels = []
    for position, name in enumerate(names):
        found = {division.level for division in by_name.get(name, ())}
        if len(found) == 1:
            levels.append(found.pop())
        elif name.endswith(TOWNSHIP_ENDINGS) and position == len(names) - 1:
            levels.append("township")
        else:
            levels.append(("province", "city", "county", "township")[min(position, 3)])
    if names[0] in MUNICIPALITIES:
        levels = ["province", *("county" if lv == "city" else lv for lv in levels[1:])]
    return levels


def _kept(formset) -> list[dict]:
    return [form.cleaned_data for form in formset if form.cleaned_data.get("keep")]


def _initial(proposal: Proposal, meta: ArticleMeta) -> dict:
    owner = {
        id(metric): i
        for i, place in enumerate(proposal.places)
        for metric in place.metrics
    }
    return {
        "article": {
            "title": meta.title,
            "origin": meta.origin,
            "publication": meta.publication,
            "published_on": meta.published_on,
            "author": meta.author,
            "text": proposal.text,
        },
        "drafts": [
            {
                "keep": True,
                "chain": place.chain_text,
                "original_chain": json.dumps(
                    [
                        {"name": n.name, "level": n.level, "inferred": n.inferred}
                        for n in place.chain
                    ],
                    ensure_ascii=False,
                ),
                "title": place.title,
                "summary": place.summary,
                "themes": place.themes,
            }
            for place in proposal.places
        ],
        "communities": [
            {"keep": True, "draft": i, "name": name, "kind": kind}
            for i, place in enumerate(proposal.places)
            for name, kind in place.communities
        ],
        "practices": [
            {"keep": True, "draft": i, "name": name}
            for i, place in enumerate(proposal.places)
            for name in place.practices
        ],
        "figures": [
            {
                "keep": True,
                "draft": owner.get(id(metric), 0),
                "subject": metric.subject,
                "kind": metric.kind,
                "value": _plain(metric.value),
                "value_max": _plain(metric.value_max),
                "unit": metric.unit,
                "qualifier": metric.qualifier,
                "period": metric.period,
                "quote": metric.quote,
                "flag": metric.flag,
            }
            for place in proposal.places
            for metric in place.metrics
        ],
    }


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")
