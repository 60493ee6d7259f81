"""Time and kinds of figure: each figure's years (resolved from its period and its
article's date), each case's year, the medium of a source article, and two kinds of
figure of their own: changes (较上年度增长25%) and time limits (3个工作日)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_case_and_search_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='year',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, help_text='来源文章的发表年份；来源文章都未注明日期时，取数据所属的最晚年份。', null=True, verbose_name='年份'),
        ),
        migrations.AddField(
            model_name='metric',
            name='year_from',
            field=models.PositiveSmallIntegerField(blank=True, help_text='时期所指的第一年，如“2023年以来”为 2023；无从确定时留空。', null=True, verbose_name='起始年份'),
        ),
        migrations.AddField(
            model_name='metric',
            name='year_to',
            field=models.PositiveSmallIntegerField(blank=True, help_text='时期所指的最后一年，如 2024 年文章中的“今年”为 2024；无从确定时留空。', null=True, verbose_name='截止年份'),
        ),
        migrations.AddField(
            model_name='sourcearticle',
            name='medium',
            field=models.CharField(blank=True, choices=[('newspaper', '报纸'), ('journal', '期刊'), ('web', '网页')], db_default='', default='', help_text='有依据时填写（如“本报讯”为报纸，网站页面为网页），用于规范引用。', max_length=16, verbose_name='载体'),
        ),
        migrations.AlterField(
            model_name='metric',
            name='kind',
            field=models.CharField(choices=[('count', '数量'), ('people', '人数'), ('rate', '比率'), ('money', '金额'), ('area', '面积'), ('duration', '时长'), ('time_limit', '时限'), ('other', '其他'), ('change', '增减变化')], max_length=16, verbose_name='类别'),
        ),
        migrations.AlterField(
            model_name='sourcearticle',
            name='published_on',
            field=models.DateField(blank=True, help_text='文章或其出处写明的日期；没有写明时留空（页面显示“日期不详”）。', null=True, verbose_name='发表日期'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['status', '-year', '-published_at'], name='cases_case_year'),
        ),
        migrations.AddConstraint(
            model_name='metric',
            constraint=models.CheckConstraint(condition=models.Q(('year_from__isnull', True), ('year_to__isnull', True), ('year_from__lte', models.F('year_to')), _connector='OR'), name='cases_metric_years_in_order'),
        ),
    ]
