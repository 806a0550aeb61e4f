"""Moving reports, actions, appeals and reveals out of `trust` moved no data and took no grant
away: a company moderator named before the move still moderates after it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from hearth.conversations.tests.factories import make_post
from hearth.moderation import services
from hearth.moderation.models import Report
from hearth.moderation.selectors import queue_for
from hearth.trust.selectors import is_company_moderator

BEFORE = [("trust", "0006_sealed_rate_use"), ("moderation", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_rows_grants_and_content_types(company, places):
    post = make_post(company.manager, places.open, body="Cheap watches, click here")
    report = services.report_create(actor=company.member, reason="spam", post=post)
    moderators = Group.objects.create(name="Moderators")
    moderators.permissions.add(Permission.objects.get(codename="moderate"))
    company.vp.groups.add(moderators)
    latest = _latest()
    try:
        _migrate(BEFORE)
        # Before the move: the permission sat on reports, which were trust's.
        old = Permission.objects.get(codename="moderate")
        assert (old.content_type.app_label, old.content_type.model) == ("trust", "report")
        assert not ContentType.objects.filter(app_label="moderation").exists()
    finally:
        _migrate(latest)
    ContentType.objects.clear_cache()
    moved = Permission.objects.get(codename="moderate")
    assert (moved.content_type.app_label, moved.content_type.model) == ("trust", "suspension")
    assert list(moderators.permissions.all()) == [moved]
    assert ContentType.objects.get_for_model(Report).app_label == "moderation"
    vp = type(company.vp).objects.get(pk=company.vp.pk)  # a fresh permission cache
    assert is_company_moderator(vp)
    assert [r.pk for r in queue_for(vp)] == [report.pk]
