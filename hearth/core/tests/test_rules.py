"""core.rules: a model's field rules reach services as Hearth's field errors, in the reader's
language, and nothing else restates them."""

from __future__ import annotations

import pytest
from django.utils import translation

from hearth.communities.models import Community
from hearth.conversations.models import Post
from hearth.core.errors import FieldError, Invalid
from hearth.core.rules import bounds, check, limit, refuse
from hearth.jams.models import Jam
from hearth.moderation.models import Report
from hearth.people.models import Person


def test_limits_come_from_the_models_text_fields_included():
    assert limit(Post, "title") == 200
    assert limit(Post, "body") == 20_000  # a text field: Django does not enforce it, we do
    with pytest.raises(LookupError, match="no max_length"):
        limit(Post, "created_at")


def test_check_names_the_field_and_the_limit_and_leaves_blank_values_to_the_caller():
    errors: list[FieldError] = []
    check(Post, errors, title="t" * 201, body="", counted=False)
    check(Post, errors, counted=True, body="b" * 20_001)
    check(Report, errors, prefix="report.", reason="gossip")
    assert [(e.field, e.message) for e in errors] == [
        ("title", "At most 200 characters."),
        ("body", "At most 20,000 characters (20,001 now)."),
        ("report.reason", "One of: harassment, confidential, spam, other, filter, approval."),
    ]


def test_validators_declared_on_a_field_answer_in_the_readers_language():
    errors: list[FieldError] = []
    check(Person, errors, email="not an address")
    assert [e.field for e in errors] == ["email"] and errors[0].message
    with translation.override("es"):
        spanish: list[FieldError] = []
        check(Post, spanish, title="t" * 201)
    assert spanish[0].message == "Como máximo 200 caracteres."


def test_refuse_raises_with_every_error_and_passes_good_values():
    refuse(Post, "The post could not be saved.", title="Fine", body="Fine")
    with pytest.raises(Invalid) as refused:
        refuse(Post, "The post could not be saved.", title="t" * 300, body="b" * 30_000)
    assert [e.field for e in refused.value.errors] == ["title", "body"]


def test_ranges_come_from_the_models_validators_and_read_as_a_range():
    assert bounds(Jam, "goal_pct") == (1, 100)
    assert bounds(Community, "response_target_hours") == (1, 720)
    with pytest.raises(LookupError, match="no least and most"):
        bounds(Post, "title")
    # A number field without a declared range still has its column's (Django's validators).
    assert bounds(Post, "comment_count")[0] == 0
    errors: list[FieldError] = []
    check(Jam, errors, goal_pct=0)
    check(Jam, errors, goal_pct=100)
    check(Community, errors, prefix="community.", response_target_hours=5000)
    assert [(e.field, e.message) for e in errors] == [
        ("goal_pct", "Between 1 and 100."),
        ("community.response_target_hours", "Between 1 and 720."),
    ]
    with translation.override("es"):
        spanish: list[FieldError] = []
        check(Jam, spanish, goal_pct=101)
    assert spanish[0].message == "Entre 1 y 100."


def test_a_required_field_missing_answers_what_its_model_says():
    """Presence is declared on the model too: the field's `error_messages["blank"]`, asked for
    by the service that needs it (a charter's dates only for a community of purpose)."""
    errors: list[FieldError] = []
    check(
        Jam,
        errors,
        required=("title", "challenge", "starts_at"),
        title="   ",
        challenge="Grow the fibre business",
        starts_at=None,
        ends_at=None,  # not required here: left to the caller
    )
    assert [(e.field, e.message) for e in errors] == [
        ("title", "Give the jam a title."),
        ("starts_at", "Say when the jam starts."),
    ]
    with pytest.raises(LookupError, match="without their values"):
        check(Jam, errors, required=("title",), challenge="x")
    with translation.override("es"):
        spanish: list[FieldError] = []
        check(Jam, spanish, required=("title",), title="")
    assert spanish[0].message == "Ponle un título al jam."
