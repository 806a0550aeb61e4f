"""The uvicorn worker class `hearth serve` gives gunicorn for the ASGI application."""

from uvicorn_worker import UvicornWorker


class HearthUvicornWorker(UvicornWorker):
    # Django has no lifespan protocol. On shutdown, open live streams get a few seconds before
    # they are closed; browsers then reconnect to another worker.
    CONFIG_KWARGS = {"lifespan": "off", "timeout_graceful_shutdown": 5}
