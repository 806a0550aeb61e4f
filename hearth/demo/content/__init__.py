"""The demo company's content (`hearth seed`): see `generator` for what it writes and how."""

from .generator import ContentGenerator, seed_content

__all__ = ["ContentGenerator", "seed_content"]
