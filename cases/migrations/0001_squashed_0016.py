"""The history up to 0016, squashed: the tables as they stood then (the model was
still called Initiative, with its search columns), built without the code those
migrations ran. A database that applied 0001-0016 counts this as applied; a new one
builds it, and 0002 brings both to today's schema.

PostgreSQL keeps case rows small: long text (the description) out of line, the
title and summary that every list and export reads inline (docs/profiles.md).
"""

import django.db.models.deletion
from django.db import migrations, models

COMPACT_ROWS = [
    "ALTER TABLE cases_initiative SET (toast_tuple_target = 256)",
    "ALTER TABLE cases_initiative ALTER COLUMN title SET STORAGE MAIN, "
    "ALTER COLUMN summary SET STORAGE MAIN",
]
DEFAULT_ROWS = [
    "ALTER TABLE cases_initiative RESET (toast_tuple_target)",
    "ALTER TABLE cases_initiative ALTER COLUMN title SET STORAGE EXTENDED, "
    "ALTER COLUMN summary SET STORAGE EXTENDED",
]


def on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("cases", "0001_initial"),
        ("cases", "0002_search_columns"),
        ("cases", "0003_search_index"),
        ("cases", "0004_site_state"),
        ("cases", "0005_region_status_index"),
        ("cases", "0006_search_prefix_index"),
        ("cases", "0007_region_page_index"),
        ("cases", "0008_status_date_region_index"),
        ("cases", "0009_compact_case_rows"),
        ("cases", "0010_reindex_with_joints"),
        ("cases", "0011_search_facets"),
        ("cases", "0012_compare_index_by_value"),
        ("cases", "0013_titles_and_summaries_inline"),
        ("cases", "0014_search_facets_inline"),
        ("cases", "0015_search_table"),
        ("cases", "0016_newest_index"),
    ]

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Community",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="名称")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("社区", "社区"),
                            ("村", "村"),
                            ("小区", "小区"),
                            ("其他", "其他"),
                        ],
                        default="社区",
                        max_length=8,
                        verbose_name="类型",
                    ),
                ),
            ],
            options={
                "verbose_name": "社区/村",
                "verbose_name_plural": "社区/村",
                "ordering": ["region__path", "name"],
            },
        ),
        migrations.CreateModel(
            name="Practice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "name",
                    models.CharField(max_length=80, unique=True, verbose_name="名称"),
                ),
            ],
            options={
                "verbose_name": "做法/品牌",
                "verbose_name_plural": "做法/品牌",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="SiteState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("content_version", models.PositiveBigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "站点状态",
                "verbose_name_plural": "站点状态",
            },
        ),
        migrations.CreateModel(
            name="SourceArticle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("title", models.CharField(max_length=300, verbose_name="标题")),
                (
                    "publication",
                    models.CharField(
                        blank=True, max_length=120, verbose_name="刊载媒体"
                    ),
                ),
                (
                    "author",
                    models.CharField(blank=True, max_length=200, verbose_name="作者"),
                ),
                (
                    "published_on",
                    models.DateField(blank=True, null=True, verbose_name="发表日期"),
                ),
                (
                    "origin",
                    models.CharField(
                        help_text="原始文件名或网址。",
                        max_length=500,
                        unique=True,
                        verbose_name="来源",
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        help_text="按原文保存，不做改动。", verbose_name="全文"
                    ),
                ),
            ],
            options={
                "verbose_name": "来源文章",
                "verbose_name_plural": "来源文章",
                "ordering": ["origin"],
            },
        ),
        migrations.CreateModel(
            name="Theme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "name",
                    models.CharField(max_length=30, unique=True, verbose_name="名称"),
                ),
                (
                    "slug",
                    models.SlugField(max_length=40, unique=True, verbose_name="代码"),
                ),
                (
                    "description",
                    models.CharField(blank=True, max_length=200, verbose_name="说明"),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=0, verbose_name="排序"),
                ),
            ],
            options={
                "verbose_name": "主题",
                "verbose_name_plural": "主题",
                "ordering": ["position", "name"],
            },
        ),
        migrations.CreateModel(
            name="Region",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="名称")),
                (
                    "level",
                    models.CharField(
                        choices=[
                            ("province", "省级"),
                            ("city", "地级"),
                            ("county", "县级"),
                            ("township", "乡级"),
                        ],
                        max_length=16,
                        verbose_name="层级",
                    ),
                ),
                (
                    "inferred",
                    models.BooleanField(
                        default=False,
                        help_text="来源文章未写明此层级，由下级地名确定推断而来。",
                        verbose_name="推断层级",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        blank=True, max_length=12, verbose_name="行政区划代码"
                    ),
                ),
                (
                    "path",
                    models.CharField(db_index=True, editable=False, max_length=255),
                ),
                (
                    "chain",
                    models.CharField(
                        editable=False, max_length=255, verbose_name="完整名称"
                    ),
                ),
                ("depth", models.PositiveSmallIntegerField(default=0, editable=False)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="cases.region",
                        verbose_name="上级",
                    ),
                ),
            ],
            options={
                "verbose_name": "地区",
                "verbose_name_plural": "地区",
                "ordering": ["path"],
            },
        ),
        migrations.CreateModel(
            name="Initiative",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="稳定的英文标识，用于导入。",
                        max_length=100,
                        unique=True,
                        verbose_name="标识",
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="标题")),
                ("summary", models.TextField(verbose_name="摘要")),
                ("description", models.TextField(blank=True, verbose_name="详细介绍")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "草稿"),
                            ("review", "待审核"),
                            ("published", "已发布"),
                        ],
                        default="draft",
                        max_length=16,
                        verbose_name="状态",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="创建时间"),
                ),
                (
                    "updated_at",
                    models.DateTimeField(auto_now=True, verbose_name="更新时间"),
                ),
                (
                    "published_at",
                    models.DateTimeField(
                        blank=True, null=True, verbose_name="发布时间"
                    ),
                ),
                (
                    "search_names",
                    models.TextField(blank=True, default="", editable=False),
                ),
                (
                    "search_places",
                    models.TextField(blank=True, default="", editable=False),
                ),
                (
                    "search_body",
                    models.TextField(blank=True, default="", editable=False),
                ),
                ("search_facets", models.TextField(editable=False, null=True)),
                (
                    "communities",
                    models.ManyToManyField(
                        blank=True,
                        related_name="initiatives",
                        to="cases.community",
                        verbose_name="社区/村",
                    ),
                ),
                (
                    "practices",
                    models.ManyToManyField(
                        blank=True,
                        related_name="initiatives",
                        to="cases.practice",
                        verbose_name="做法/品牌",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="initiatives",
                        to="cases.region",
                        verbose_name="地区",
                    ),
                ),
                (
                    "sources",
                    models.ManyToManyField(
                        related_name="initiatives",
                        to="cases.sourcearticle",
                        verbose_name="来源文章",
                    ),
                ),
                (
                    "themes",
                    models.ManyToManyField(
                        blank=True,
                        related_name="initiatives",
                        to="cases.theme",
                        verbose_name="主题",
                    ),
                ),
            ],
            options={
                "verbose_name": "案例",
                "verbose_name_plural": "案例",
                "ordering": ["-published_at", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="community",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="communities",
                to="cases.region",
                verbose_name="所属地区",
            ),
        ),
        migrations.CreateModel(
            name="Metric",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "subject",
                    models.CharField(
                        help_text="如：收集居民诉求",
                        max_length=100,
                        verbose_name="统计对象",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("count", "数量"),
                            ("people", "人数"),
                            ("rate", "比率"),
                            ("money", "金额"),
                            ("area", "面积"),
                            ("duration", "时长"),
                            ("other", "其他"),
                        ],
                        max_length=16,
                        verbose_name="类别",
                    ),
                ),
                (
                    "value",
                    models.DecimalField(
                        decimal_places=4, max_digits=16, verbose_name="数值"
                    ),
                ),
                (
                    "value_max",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        help_text="范围的上限，如“2—3次”中的 3。",
                        max_digits=16,
                        null=True,
                        verbose_name="上限",
                    ),
                ),
                (
                    "unit",
                    models.CharField(blank=True, max_length=12, verbose_name="单位"),
                ),
                (
                    "qualifier",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("余", "余"),
                            ("多", "多"),
                            ("以上", "以上"),
                            ("超", "超"),
                            ("近", "近"),
                            ("约", "约"),
                            ("逾", "逾"),
                            ("左右", "左右"),
                            ("数十", "数十"),
                            ("数百", "数百"),
                            ("数千", "数千"),
                            ("数万", "数万"),
                        ],
                        help_text="数值是约数或下限时填写，如“余”“超”“以上”。",
                        max_length=8,
                        verbose_name="限定词",
                    ),
                ),
                (
                    "period",
                    models.CharField(blank=True, max_length=40, verbose_name="时期"),
                ),
                (
                    "quote",
                    models.TextField(
                        help_text="来源文章中包含此数字的原句。",
                        verbose_name="原文引述",
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=0, verbose_name="排序"),
                ),
                (
                    "initiative",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="metrics",
                        to="cases.initiative",
                        verbose_name="案例",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="metrics",
                        to="cases.sourcearticle",
                        verbose_name="来源文章",
                    ),
                ),
            ],
            options={
                "verbose_name": "数据",
                "verbose_name_plural": "数据",
                "ordering": ["initiative", "position", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.UniqueConstraint(
                fields=("parent", "name"), name="cases_region_unique_sibling"
            ),
        ),
        migrations.AddConstraint(
            model_name="region",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", True)),
                fields=("name",),
                name="cases_region_unique_root",
            ),
        ),
        migrations.AddConstraint(
            model_name="community",
            constraint=models.UniqueConstraint(
                fields=("region", "name"), name="cases_community_unique_name"
            ),
        ),
        migrations.AddIndex(
            model_name="metric",
            index=models.Index(
                fields=["subject", "value", "id"], name="cases_metric_subject_value"
            ),
        ),
        migrations.AddIndex(
            model_name="metric",
            index=models.Index(fields=["kind", "unit"], name="cases_metric_kind"),
        ),
        migrations.AddConstraint(
            model_name="metric",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gte", 0)),
                name="cases_metric_value_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="metric",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "rate"), _negated=True),
                    ("value__lte", 100),
                    _connector="OR",
                ),
                name="cases_metric_rate_at_most_100",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                fields=["status", "-published_at", "region"],
                name="cases_init_status_pub_region",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                fields=["region", "status", "-published_at"],
                name="cases_init_region_pub",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                fields=["-published_at", "-id"], name="cases_init_newest"
            ),
        ),
        migrations.RunPython(on_postgresql(COMPACT_ROWS), on_postgresql(DEFAULT_ROWS)),
    ]
