"""Communities in the public API, one module per part; the router gathers them.

Operation ids stay `hearth_communities_api_<function>` whichever module holds the function
(`core.api.HearthAPI.get_openapi_operation_id`).
"""

from ninja import Router

from . import communities, invitations, lifecycle, members, proposals
from .communities import communities_out

router = Router()
for part in (communities, members, lifecycle, invitations, proposals):
    router.add_router("", part.router)

__all__ = ["communities_out", "router"]
