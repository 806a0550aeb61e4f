import hashlib

PALETTE = ["#8a3b12", "#1f5f8b", "#2e6b3a", "#6b2e6b", "#8b1f3f", "#5b4a1f", "#1f6b66", "#4a3b8a"]


def avatar_colour(username: str) -> str:
    """A stable colour per person, dark enough for white initials (WCAG AA)."""
    return PALETTE[int(hashlib.sha256(username.encode()).hexdigest(), 16) % len(PALETTE)]


def avatar_colour_index(username: str) -> int:
    """Which palette colour (the `avatar-cN` class) a person's initials are drawn on."""
    return int(hashlib.sha256(username.encode()).hexdigest(), 16) % len(PALETTE)
