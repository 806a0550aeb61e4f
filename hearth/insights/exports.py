"""What the insights count of a person (activity, interactions, influence, expertise),
in their data export (core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import ActivityDay, EdgeMonth, Expertise, Influence, NamedChoice, TopicInfluence


def _insights(person) -> dict:
    return {
        "may_be_named": NamedChoice.objects.filter(person=person, named=True).exists(),
        "influence_rank": Influence.objects.filter(person=person)
        .values_list("rank", flat=True)
        .first(),
        "influential_on": list(
            TopicInfluence.objects.filter(person=person).values_list("topic__name", flat=True)
        ),
        "expert_on": list(
            Expertise.objects.filter(person=person).values_list("tag__name", flat=True)
        ),
        "activity_days": export_rows(
            ActivityDay.objects.filter(person=person).order_by("day"),
            "day",
            "posts",
            "comments",
            "reactions",
            "mentions",
            "reads",
            "received",
        ),
        "interactions": export_rows(
            EdgeMonth.objects.filter(source=person).order_by("month"),
            "month",
            "target__username",
            "replies",
            "mentions",
            "reactions",
            "accepted",
        ),
    }


exports.register(
    "insights",
    ExportPart(
        files={"insights.json": _insights},
        covers={
            "insights.activityday": "insights.json (my activity per day, as insights count it)",
            "insights.postfact": "not exported: response facts of posts already in posts.json",
            "insights.edgemonth": "insights.json (how often I interacted with whom, per month)",
            "insights.influence": "insights.json (my influence rank)",
            "insights.topicinfluence": "insights.json (topics I am influential on)",
            "insights.expertise": "insights.json (topics and skills I am an expert on)",
            "insights.namedchoice": "insights.json (whether I may be named)",
            "insights.assumption": (
                "not exported: a value report setting an administrator chose (audited)"
            ),
        },
    ),
)
