"""May this person manage provisioning clients?"""

from __future__ import annotations

from hearth.core.access import is_administrator
from hearth.core.errors import NotFound
from hearth.core.types import Viewer

from .models import Client


def may_manage_clients(person: Viewer) -> bool:
    """Provisioning clients write the whole directory: an administrator's."""
    return is_administrator(person)


def access_client(person: Viewer, client_id: int) -> Client:
    if not may_manage_clients(person):
        raise NotFound()
    client = Client.objects.filter(pk=client_id).first()
    if client is None:
        raise NotFound()
    return client
