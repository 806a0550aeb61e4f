"""The default point rules and badges (administrators change them; docs/features.md documents them),
and the levels."""

from django.utils.translation import gettext_lazy as _

DEFAULT_RULES = [
    # code, label, points, daily cap
    ("accepted_answer", "Answer accepted", 15, 10),
    ("answer", "Answer to a question", 3, 10),
    ("post", "Post", 2, 5),
    ("comment", "Comment", 1, 20),
    ("reaction_received", "Reaction received", 1, 50),
    ("praise_received", "Praise received", 5, 5),
    ("invitation_joined", "Invitation that led to a join", 5, 20),
    ("jam_idea", "Jam idea", 3, 10),
    ("idea_selected", "Idea selected for follow-up", 20, None),
    ("idea_shipped", "Idea shipped (marked done)", 30, None),
    ("acknowledgement", "Acknowledging a contribution", 1, 30),
    ("deliverable_shipped", "Deliverable shipped by my community", 50, None),
]

# The icons a badge may wear: heroicons names, drawn inline as SVG (no emoji font needed), each
# with the name an administrator picks it by.
BADGE_ICONS = {
    "trophy": _("Trophy"),
    "star": _("Star"),
    "check-badge": _("Seal"),
    "light-bulb": _("Light bulb"),
    "lifebuoy": _("Lifebuoy"),
    "link": _("Link"),
    "map": _("Map"),
    "musical-note": _("Musical note"),
    "building-office": _("Building"),
    "cube": _("Parcel"),
    "academic-cap": _("Graduation cap"),
    "rocket-launch": _("Rocket"),
    "sparkles": _("Sparkles"),
    "heart": _("Heart"),
    "hand-raised": _("Raised hand"),
    "user-group": _("Group"),
    "chat-bubble-left-right": _("Conversation"),
    "megaphone": _("Megaphone"),
    "puzzle-piece": _("Puzzle piece"),
    "fire": _("Flame"),
    "bolt": _("Bolt"),
    "flag": _("Flag"),
    "gift": _("Gift"),
    "globe-europe-africa": _("Globe"),
}
DEFAULT_BADGE_ICON = "trophy"
DEFAULT_BADGES = [
    # code, icon, name, description, criteria
    (
        "first-answer",
        "light-bulb",
        "First answer",
        "Answered a colleague's question.",
        "answers >= 1",
    ),
    (
        "helper",
        "lifebuoy",
        "Helper",
        "Ten answers accepted by the people who asked.",
        "accepted_answers >= 10",
    ),
    (
        "connector",
        "link",
        "Connector",
        "Five introductions that both people accepted.",
        "introductions >= 5",
    ),
    (
        "facilitator",
        "map",
        "Facilitator",
        "Facilitates a community and acknowledges contributions.",
        "facilitated_communities >= 1 and acknowledgements >= 10",
    ),
    (
        "jam-contributor",
        "musical-note",
        "Jam contributor",
        "Brought an idea to a jam.",
        "jam_ideas >= 1",
    ),
    (
        "community-builder",
        "building-office",
        "Community builder",
        "Five colleagues joined on your invitation.",
        "invitations_joined >= 5",
    ),
    (
        "deliverer",
        "cube",
        "Deliverer",
        "Member of a community of purpose that shipped its outcome.",
        "deliverables >= 1",
    ),
]

# Levels by points in all: (points from, name)
LEVELS = [
    (0, _("Newcomer")),
    (25, _("Contributor")),
    (100, _("Regular")),
    (300, _("Champion")),
    (1000, _("Luminary")),
]
