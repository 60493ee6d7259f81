"""Theme.name_en: the English name that English pages show and English queries
find; the seed themes get the curated names of fixtures/themes.json where a database
has them without one."""

from django.db import migrations, models

# As in fixtures/themes.json when this migration was written (a migration keeps its
# own copy: it must not read files that change).
ENGLISH_NAMES = {
    "grid-management": "Grid management",
    "deliberation": "Deliberation and consultation",
    "volunteering": "Volunteer service",
    "elderly-and-childcare": "Elderly care and childcare",
    "new-employment-groups": "Workers in new forms of employment",
    "mediation": "Dispute mediation",
    "party-building-alliance": "Party building",
    "smart-governance": "Smart governance",
    "social-workers": "Social workers",
    "property-management": "Property management",
    "convenience-services": "Convenience services",
    "employment-support": "Employment support",
    "culture": "Cultural development",
    "public-safety": "Public safety",
    "ethnic-unity": "Ethnic unity",
    "rural-revitalisation": "Rural revitalisation",
    "talent-development": "Talent development",
    "old-estate-renewal": "Renewal of old housing estates",
}


def name_seed_themes(apps, schema_editor):
    Theme = apps.get_model("cases", "Theme")
    for theme in Theme.objects.filter(slug__in=ENGLISH_NAMES, name_en=""):
        theme.name_en = ENGLISH_NAMES[theme.slug]
        theme.save(update_fields=["name_en"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_time_and_kinds")]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="英文页面显示的名称。",
                max_length=60,
                verbose_name="英文名称",
            ),
        ),
        migrations.RunPython(name_seed_themes, migrations.RunPython.noop),
    ]
