"""A case is a Case everywhere: the model, its relations and the API."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_newest_index")]

    operations = [
        migrations.RenameModel("Initiative", "Case"),
        migrations.RenameField("metric", "initiative", "case"),
        migrations.AlterModelOptions(
            name="metric",
            options={
                "ordering": ["case", "position", "pk"],
                "verbose_name": "数据",
                "verbose_name_plural": "数据",
            },
        ),
        migrations.AlterField(
            model_name="case",
            name="communities",
            field=models.ManyToManyField(
                blank=True,
                related_name="cases",
                to="cases.community",
                verbose_name="社区/村",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="practices",
            field=models.ManyToManyField(
                blank=True,
                related_name="cases",
                to="cases.practice",
                verbose_name="做法/品牌",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="cases",
                to="cases.region",
                verbose_name="地区",
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="sources",
            field=models.ManyToManyField(
                related_name="cases", to="cases.sourcearticle", verbose_name="来源文章"
            ),
        ),
        migrations.AlterField(
            model_name="case",
            name="themes",
            field=models.ManyToManyField(
                blank=True, related_name="cases", to="cases.theme", verbose_name="主题"
            ),
        ),
    ]
