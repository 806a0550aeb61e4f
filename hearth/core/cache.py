"""The Redis cache, degrading instead of failing: when Redis does not answer (within two
seconds), reads miss and writes are skipped, so pages are slower but still served; /readyz
reports the cache as failing meanwhile."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)
_last_warning = 0.0


def _warn(operation: str, error: Exception) -> None:
    global _last_warning  # noqa: PLW0603 - one warning a minute per process, not per request
    if time.monotonic() - _last_warning > 60:
        _last_warning = time.monotonic()
        log.warning("The cache (REDIS_URL) failed on %s: %s; serving without it", operation, error)


def _safely(
    operation: str, fallback: Any, call: Callable[..., Any], *args: Any, **kwargs: Any
) -> Any:
    import redis

    try:
        return call(*args, **kwargs)
    except (redis.exceptions.RedisError, OSError) as error:
        _warn(operation, error)
        return fallback


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return _safely("get", default, super().get, key, default, version)

    def get_many(self, keys: Any, version: int | None = None) -> Any:
        return _safely("get_many", {}, super().get_many, keys, version)

    def set(
        self, key: Any, value: Any, timeout: Any = None, version: int | None = None, **kwargs: Any
    ) -> Any:
        return _safely("set", None, super().set, key, value, timeout, version, **kwargs)

    def add(
        self, key: Any, value: Any, timeout: Any = None, version: int | None = None, **kwargs: Any
    ) -> Any:
        return _safely("add", False, super().add, key, value, timeout, version, **kwargs)

    def delete(self, key: Any, version: int | None = None) -> Any:
        return _safely("delete", False, super().delete, key, version)
