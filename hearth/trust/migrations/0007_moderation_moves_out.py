"""Reports, actions, appeals and reveals now belong to `moderation` (same tables): trust forgets
them; a suspension's action points there; the company moderator's permission stays
`trust.moderate`, now on suspensions; existing content types and grants follow."""

import django.db.models.deletion
from django.db import migrations, models


MOVED = ("report", "moderationaction", "appeal", "revealrequest")


def move_content_types(apps, schema_editor, *, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    alias = schema_editor.connection.alias
    types = ContentType.objects.using(alias)

    def move_grant(holder, keeper):
        # The grant of "Moderate everything" keeps its holders (trust.moderate).
        source = types.filter(app_label="trust", model=holder).first()
        if source is not None:
            target, _ = types.get_or_create(app_label="trust", model=keeper)
            Permission.objects.using(alias).filter(
                content_type=source, codename="moderate"
            ).update(content_type=target)

    def rename(old, new):
        for model in MOVED:
            if not types.filter(app_label=new, model=model).exists():
                types.filter(app_label=old, model=model).update(app_label=new)

    if forward:
        move_grant("report", "suspension")
        rename("trust", "moderation")
    else:
        rename("moderation", "trust")
        move_grant("suspension", "report")


def move_back(apps, schema_editor):
    move_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('moderation', '0001_initial'),
        ('trust', '0006_sealed_rate_use'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='moderationaction',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='moderationaction',
                    name='comment',
                ),
                migrations.RemoveField(
                    model_name='moderationaction',
                    name='community',
                ),
                migrations.RemoveField(
                    model_name='moderationaction',
                    name='moderator',
                ),
                migrations.RemoveField(
                    model_name='moderationaction',
                    name='post',
                ),
                migrations.AlterField(
                    model_name='suspension',
                    name='action',
                    field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='suspension', to='moderation.moderationaction'),
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='action',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='author',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='comment',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='community',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='person',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='post',
                ),
                migrations.RemoveField(
                    model_name='report',
                    name='reporter',
                ),
                migrations.RemoveField(
                    model_name='revealrequest',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='revealrequest',
                    name='post',
                ),
                migrations.RemoveField(
                    model_name='revealrequest',
                    name='requested_by',
                ),
                migrations.RemoveField(
                    model_name='revealrequest',
                    name='revealed_person',
                ),
                migrations.AlterModelOptions(
                    name='suspension',
                    options={'permissions': [('moderate', 'Moderate everything (company moderator)')]},
                ),
                migrations.DeleteModel(
                    name='Appeal',
                ),
                migrations.DeleteModel(
                    name='ModerationAction',
                ),
                migrations.DeleteModel(
                    name='Report',
                ),
                migrations.DeleteModel(
                    name='RevealRequest',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_back),
    ]
