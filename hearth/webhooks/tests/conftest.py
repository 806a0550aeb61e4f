import pytest

from .receiver import Receiver


@pytest.fixture
def receiver(settings):
    """A receiver on loopback, which the installation allows (HEARTH_WEBHOOK_ALLOWED_HOSTS)."""
    settings.HEARTH_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    with Receiver() as listening:
        yield listening
