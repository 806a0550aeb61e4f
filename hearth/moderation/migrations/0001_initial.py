"""Reports, actions, appeals and reveals move from `trust` to `moderation`: the models only.
Their tables keep their names (`db_table`), so no row moves and nothing is created here."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('trust', '0006_sealed_rate_use'),
        ('communities', '0008_content_policies'),
        ('conversations', '0009_post_announce_pending'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ModerationAction',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('hide', 'Hide'), ('restore', 'Restore'), ('delete', 'Delete'), ('warn', 'Warn the author'), ('suspend', 'Suspend the author'), ('dismiss', 'No action needed')], max_length=10)),
                        ('reason', models.TextField(blank=True)),
                        ('days', models.PositiveIntegerField(blank=True, null=True)),
                        ('created_at', models.DateTimeField()),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='moderations', to=settings.AUTH_USER_MODEL)),
                        ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='conversations.comment')),
                        ('community', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='communities.community')),
                        ('moderator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('post', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='conversations.post')),
                    ],
                    options={
                        'db_table': 'trust_moderationaction',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Appeal',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField()),
                        ('created_at', models.DateTimeField()),
                        ('state', models.CharField(choices=[('open', 'Waiting for a moderator'), ('upheld', 'Upheld'), ('overturned', 'Overturned')], default='open', max_length=10)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('decision_reason', models.TextField(blank=True)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('action', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='appeal', to='moderation.moderationaction')),
                    ],
                    options={
                        'db_table': 'trust_appeal',
                    },
                ),
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.CharField(choices=[('harassment', 'Harassment or bullying'), ('confidential', 'Confidential information'), ('spam', 'Spam'), ('other', 'Something else'), ('filter', 'Held by a content filter'), ('approval', 'Waiting for approval (pre-approved community)')], max_length=20)),
                        ('detail', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField()),
                        ('state', models.CharField(choices=[('open', 'Waiting for a moderator'), ('actioned', 'Acted on'), ('dismissed', 'No action needed')], default='open', max_length=10)),
                        ('handled_at', models.DateTimeField(blank=True, null=True)),
                        ('action', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reports', to='moderation.moderationaction')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='conversations.comment')),
                        ('community', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='communities.community')),
                        ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports_about', to=settings.AUTH_USER_MODEL)),
                        ('post', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='conversations.post')),
                        ('reporter', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports_made', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'trust_report',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='RevealRequest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('reason', models.TextField()),
                        ('created_at', models.DateTimeField()),
                        ('expires_at', models.DateTimeField()),
                        ('state', models.CharField(choices=[('pending', 'Waiting for a second administrator'), ('revealed', 'Approved: identity revealed'), ('refused', 'Refused'), ('expired', 'Expired')], default='pending', max_length=10)),
                        ('decided_at', models.DateTimeField(blank=True, null=True)),
                        ('decision_reason', models.TextField(blank=True)),
                        ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('post', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='conversations.post')),
                        ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('revealed_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'trust_revealrequest',
                        'ordering': ['-created_at', '-id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='moderationaction',
                    index=models.Index(fields=['author', 'created_at'], name='moderation_author'),
                ),
                migrations.AddIndex(
                    model_name='report',
                    index=models.Index(fields=['state', 'created_at'], name='report_queue'),
                ),
                migrations.AddIndex(
                    model_name='report',
                    index=models.Index(fields=['community', 'state'], name='report_community'),
                ),
                migrations.AddConstraint(
                    model_name='report',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('comment__isnull', True), ('person__isnull', True), ('post__isnull', False)), models.Q(('comment__isnull', False), ('person__isnull', True), ('post__isnull', False)), models.Q(('comment__isnull', True), ('person__isnull', False), ('post__isnull', True)), _connector='OR'), name='report_one_target'),
                ),
                migrations.AddConstraint(
                    model_name='revealrequest',
                    constraint=models.UniqueConstraint(condition=models.Q(('state', 'pending')), fields=('post',), name='reveal_one_pending'),
                ),
            ],
            database_operations=[],
        ),
    ]
