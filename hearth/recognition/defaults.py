"""The default point rules (administrators change them; the README documents them)."""

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
    ("acknowledgement", "Acknowledging a contribution", 1, 30),
    ("deliverable_shipped", "Deliverable shipped by my community", 50, None),
]
