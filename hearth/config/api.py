"""The public REST API at /api/v1: one Ninja router per app, added here."""

from hearth.core.api import build_api
from hearth.people.api import router as people_router

api = build_api()
api.add_router("", people_router)
