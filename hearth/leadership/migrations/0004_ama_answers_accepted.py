"""One definition of answered: an AMA question the host already answered gets the host's first
answer as its accepted answer (what answering does from now on)."""

from django.db import migrations


def accept_host_answers(apps, schema_editor):
    AmaQuestion = apps.get_model("leadership", "AmaQuestion")
    Comment = apps.get_model("conversations", "Comment")
    Post = apps.get_model("conversations", "Post")
    questions = AmaQuestion.objects.filter(post__accepted_comment__isnull=True).values_list(
        "post_id", "ama__host_id"
    )
    for post_id, host_id in questions.iterator():
        first = (
            Comment.objects.filter(
                post_id=post_id,
                author_id=host_id,
                parent__isnull=True,
                deleted_at__isnull=True,
                hidden_at__isnull=True,
            )
            .order_by("created_at", "id")
            .values_list("pk", flat=True)
            .first()
        )
        if first is not None:
            Post.objects.filter(pk=post_id).update(accepted_comment_id=first)


class Migration(migrations.Migration):
    dependencies = [
        ("leadership", "0003_blank_messages"),
        ("conversations", "0011_blank_messages"),
    ]

    operations = [migrations.RunPython(accept_host_answers, migrations.RunPython.noop)]
