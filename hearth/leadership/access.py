"""May this person host an AMA, read this one, this question, draft for a leader?"""

from __future__ import annotations

from hearth.core.errors import NotFound
from hearth.core.types import Viewer

from .models import Ama, AmaQuestion, Delegation
from .selectors import amas_for, questions_for


def may_host(person: Viewer) -> bool:
    return bool(person and person.is_authenticated and person.is_leader and person.is_active)


def may_draft(person: Viewer) -> bool:
    """Leaders name delegates and approve drafts; delegates draft for their leaders."""
    if not (person and person.is_authenticated and person.is_active):
        return False
    if person.is_leader:
        return True
    return Delegation.objects.filter(delegate=person, revoked_at__isnull=True).exists()


def access_ama(viewer: Viewer, slug: str) -> Ama:
    ama = amas_for(viewer).filter(slug=slug).first()
    if ama is None:
        raise NotFound()
    return ama


def access_question(viewer: Viewer, ama: Ama, question_id: int) -> AmaQuestion:
    """A question of this AMA the viewer may read (by the AmaQuestion id)."""
    post = questions_for(viewer, ama).filter(ama_question__id=question_id).first()
    if post is None:
        raise NotFound()
    question = AmaQuestion.objects.select_related("ama", "post").get(pk=question_id)
    return question
