"""A badge's icon becomes a heroicons name (drawn as SVG, no emoji font needed). Each emoji of an
earlier version becomes its look-alike; one without a look-alike becomes the trophy."""

from django.db import migrations, models

# Frozen here: the mapping may change in the code, never in a migration that has run.
EMOJI_ICONS = {
    "🏅": "trophy", "🏆": "trophy", "⭐": "star", "🌟": "star", "💡": "light-bulb",
    "🤝": "lifebuoy", "🔗": "link", "🧭": "map", "🎷": "musical-note", "🏗": "building-office",
    "🏗️": "building-office", "📦": "cube", "🎓": "academic-cap", "🚀": "rocket-launch",
    "✨": "sparkles", "❤️": "heart", "❤": "heart", "🙋": "hand-raised", "👥": "user-group",
    "💬": "chat-bubble-left-right", "📣": "megaphone", "🧩": "puzzle-piece", "🔥": "fire",
    "⚡": "bolt", "🚩": "flag", "🎁": "gift", "🌍": "globe-europe-africa", "🌱": "sparkles",
}  # fmt: skip


def to_names(apps, schema_editor):
    Badge = apps.get_model("recognition", "Badge")
    for badge in Badge.objects.all():
        badge.icon = EMOJI_ICONS.get(badge.icon.strip(), "trophy")
        badge.save(update_fields=["icon"])


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0003_badge_badgeaward"),
    ]

    operations = [
        migrations.AlterField(
            model_name="badge",
            name="icon",
            field=models.CharField(default="trophy", max_length=40, verbose_name="icon"),
        ),
        migrations.RunPython(to_names, migrations.RunPython.noop),
    ]
