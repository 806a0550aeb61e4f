"""What operators watch: readiness (database, cache, worker lag) and Prometheus metrics.

Metrics use the maintained `prometheus_client`. Under `hearth serve` each web worker process
writes to `PROMETHEUS_MULTIPROC_DIR` (set by the command), and `/metrics` aggregates them, so a
scrape sees every process. Gauges that describe the whole installation (event lag, queue depth,
overdue emails) are read from the database at scrape time, so any app node answers the same.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone

from hearth.core.events import consumers_registered
from hearth.core.models import Event, EventCursor

from .registry import gauges
from .replicas import replica_aliases
from .types import GetResponse

# prometheus_client chooses between in-process and multiprocess values when it is first
# imported, so it is imported only inside functions: `hearth serve` sets the folder first.


_metrics_lock = threading.Lock()


def _once(make: Callable[[], Any]) -> Callable[[], Any]:
    """Create a metric once per process, even when threads of a web worker ask at the same
    moment (a second registration of the same name raises)."""
    made: list[Any] = []

    @functools.wraps(make)
    def get() -> Any:
        if not made:
            with _metrics_lock:
                if not made:
                    made.append(make())
        return made[0]

    return get


@_once
def request_seconds() -> Any:
    from prometheus_client import Histogram

    return Histogram(
        "hearth_request_seconds",
        "Time to answer a request, by route and status class.",
        ["method", "route", "status"],
        buckets=(0.005, 0.01, 0.025, 0.05, 0.08, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
    )


@_once
def delivery_failures() -> Any:
    from prometheus_client import Counter

    return Counter(
        "hearth_delivery_failures",
        "Emails that could not be handed to the mail server (they are retried).",
        ["kind"],
    )


def worker_lag() -> dict[str, Any]:
    """How far the slowest event consumer is behind, and how many tasks wait."""

    latest = Event.objects.order_by("-id").values_list("id", "created_at").first()
    if latest is None:
        return {"events_behind": 0, "seconds_behind": 0.0, "queue": _queue_depth()}
    cursors = dict(EventCursor.objects.values_list("consumer", "last_event_id"))
    slowest = min((cursors.get(name, 0) for name in consumers_registered()), default=latest[0])
    behind = max(0, latest[0] - slowest)
    seconds = 0.0
    if behind:
        oldest = (
            Event.objects.filter(id__gt=slowest).order_by("id").values_list("created_at", flat=True)
        ).first()
        seconds = max(0.0, (timezone.now() - oldest).total_seconds()) if oldest else 0.0
    return {"events_behind": behind, "seconds_behind": round(seconds, 1), "queue": _queue_depth()}


def _queue_depth() -> int | None:
    try:
        from huey.contrib.djhuey import HUEY

        return int(HUEY.pending_count())
    except Exception:  # noqa: BLE001 - an unreachable queue is reported as unknown
        return None


def replica_lag() -> dict[str, dict[str, Any]]:
    """Each read replica's replay lag in seconds (PostgreSQL), or that it is unreachable."""
    from django.db import connections

    out: dict[str, dict[str, Any]] = {}
    pin = settings.HEARTH_REPLICA_PIN_SECONDS
    for alias in replica_aliases():
        try:
            with connections[alias].cursor() as cursor:
                if connections[alias].vendor == "postgresql":
                    cursor.execute(
                        "SELECT COALESCE(EXTRACT(EPOCH FROM now() - "
                        "pg_last_xact_replay_timestamp()), 0)"
                    )
                    seconds = float(cursor.fetchone()[0])
                else:
                    cursor.execute("SELECT 1")
                    seconds = 0.0
        except Exception as error:  # noqa: BLE001 - reported, not raised
            out[alias] = {"status": "unreachable", "error": type(error).__name__}
            continue
        status = "ok" if seconds <= pin else f"behind by more than {pin} s (the pin)"
        out[alias] = {"status": status, "seconds_behind": round(seconds, 1)}
    return out


def readiness() -> tuple[bool, dict[str, Any]]:
    """Whether this node can serve: the database answers, the cache answers, and the worker is
    not too far behind (`HEARTH_READY_MAX_LAG_SECONDS`)."""
    checks: dict[str, Any] = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - reported, not raised
        checks["database"] = f"failing: {type(error).__name__}"
        return False, checks
    try:
        key = f"hearth:ready:{os.getpid()}"
        cache.set(key, "1", 30)
        checks["cache"] = "ok" if cache.get(key) == "1" else "failing: no value back"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"failing: {type(error).__name__}"
    ok = ok and checks["cache"] == "ok"
    replicas = replica_lag()
    if replicas:
        checks["replicas"] = replicas
        ok = ok and all(r["status"] != "unreachable" for r in replicas.values())
    lag = worker_lag()
    limit = settings.HEARTH_READY_MAX_LAG_SECONDS
    lag["status"] = "ok" if lag["seconds_behind"] <= limit else f"behind by more than {limit} s"
    checks["worker"] = lag
    ok = ok and lag["status"] == "ok"
    return ok, checks


class InstallationCollector:
    """Gauges about the whole installation, read at scrape time."""

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        lag = worker_lag()
        yield GaugeMetricFamily(
            "hearth_event_lag_events",
            "Events the slowest consumer has not handled yet.",
            value=lag["events_behind"],
        )
        yield GaugeMetricFamily(
            "hearth_event_lag_seconds",
            "Age of the oldest event not handled by every consumer.",
            value=lag["seconds_behind"],
        )
        if lag["queue"] is not None:
            yield GaugeMetricFamily(
                "hearth_task_queue_depth", "Tasks waiting for the worker.", value=lag["queue"]
            )
        replicas = replica_lag()
        if replicas:
            gauge = GaugeMetricFamily(
                "hearth_replica_lag_seconds", "Replay lag of each read replica.", labels=["alias"]
            )
            for alias, state in replicas.items():
                gauge.add_metric([alias], state.get("seconds_behind", float("nan")))
            yield gauge
        for gauge_family in gauges:
            yield from gauge_family()


def metrics_text() -> bytes:
    """Every process's request and delivery metrics, then the installation's gauges."""
    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess

    request_seconds(), delivery_failures()  # present even before the first observation
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    installation = CollectorRegistry()
    installation.register(InstallationCollector())
    return generate_latest(registry) + generate_latest(installation)


class RequestMetricsMiddleware:
    """Times every request into `hearth_request_seconds` (the route, never the concrete path,
    so labels stay few and carry no identifiers)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.route or match.view_name) if match else "unmatched"
        request_seconds().labels(
            request.method, route[:80] or "/", f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        return response


def preflight() -> None:
    """Before serving or working: the database and Redis answer, or a clear error names the
    setting to fix (raised as CommandError, so the command exits non-zero)."""
    import ipaddress

    from django.core.management.base import CommandError
    from django.db import connections

    for proxy in settings.HEARTH_TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(proxy)
        except ValueError as error:
            raise CommandError(
                f"HEARTH_TRUSTED_PROXIES: {proxy!r} is not an address or a network ({error})."
            ) from error
    default = settings.DATABASES["default"]
    try:
        connections["default"].ensure_connection()
    except Exception as error:  # noqa: BLE001 - reported with the setting to fix
        host = f"{default.get('HOST') or 'localhost'}:{default.get('PORT') or 5432}"
        where = (
            default.get("NAME") if "sqlite" in default["ENGINE"] else f"{host}/{default['NAME']}"
        )
        raise CommandError(
            f"Cannot reach the database set by DATABASE_URL ({where}): {error}".strip()
        ) from error
    finally:  # `hearth serve` forks its web workers next: none may inherit this connection
        connections["default"].close()
        if getattr(connections["default"], "pool", None) is not None:
            connections["default"].close_pool()  # type: ignore[attr-defined]  # psycopg pool
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=3, socket_timeout=3
            ).ping()
        except (redis.exceptions.RedisError, OSError) as error:
            location = settings.REDIS_URL.split("@")[-1]  # never print a password
            raise CommandError(
                f"Cannot reach Redis set by REDIS_URL ({location}): {error}"
            ) from error
