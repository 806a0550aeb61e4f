"""Wake-up signals for open pages: a short-lived outbox table each app process reads or sweeps."""

from django.db import models
from django.utils import timezone


class LiveSignal(models.Model):
    """ "Something changed on this channel" (``user:12``, ``post:7``, ``feed``); never any content.

    Written in the writer's transaction (an outbox), read by each app process once a second,
    deleted after a few minutes. With ``REDIS_URL`` set, Redis pub/sub carries the same signals
    once they commit, and app processes sweep the table for any their writer did not publish.
    """

    channel = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.channel} at {self.created_at:%H:%M:%S}"
