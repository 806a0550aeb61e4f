"""The public REST API at /api/v1: one Ninja router per app, added here."""

from hearth.communities.api import router as communities_router
from hearth.conversations.api import router as posts_router
from hearth.core.api import ActiveSessionAuth, build_api
from hearth.facilitation.api import router as facilitation_router
from hearth.feeds.api import router as feeds_router
from hearth.ideas.api import router as ideas_router
from hearth.insights.api import router as insights_router
from hearth.jams.api import router as jams_router
from hearth.leadership.api import router as leadership_router
from hearth.moderation.api import router as moderation_router
from hearth.notifications.api import router as notifications_router
from hearth.people.api import OAuthAuth, TokenAuth
from hearth.people.api import router as people_router
from hearth.privacy.api import router as privacy_router
from hearth.recognition.api import router as recognition_router
from hearth.search.api import router as search_router
from hearth.trust.api import router as trust_router
from hearth.webhooks.api import router as webhooks_router

api = build_api(auth=[TokenAuth(), OAuthAuth(), ActiveSessionAuth()])
api.add_router("", people_router)
api.add_router("", feeds_router)
api.add_router("", communities_router)
api.add_router("", posts_router)
api.add_router("", search_router)
api.add_router("", notifications_router)
api.add_router("", trust_router)
api.add_router("", moderation_router)
api.add_router("", privacy_router)
api.add_router("", webhooks_router)
api.add_router("", jams_router)
api.add_router("", ideas_router)
api.add_router("", facilitation_router)
api.add_router("", leadership_router)
api.add_router("", recognition_router)
api.add_router("", insights_router)
