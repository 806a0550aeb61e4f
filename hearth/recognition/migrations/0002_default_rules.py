from django.db import migrations


def create_rules(apps, schema_editor):
    from hearth.recognition.defaults import DEFAULT_RULES

    PointRule = apps.get_model("recognition", "PointRule")
    for code, label, points, cap in DEFAULT_RULES:
        PointRule.objects.get_or_create(
            code=code, defaults={"label": label, "points": points, "daily_cap": cap}
        )


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial")]

    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
