"""The identity providers the SSO tests sign in with, each a real server in a process of its
own on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialApp

from . import oidc_idp

DEADLINE = 120  # seconds: a loaded machine starts Django slowly


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _django(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", *args],
        env=env,
        check=True,
        capture_output=True,
        timeout=DEADLINE,
    )


@dataclass
class OidcProvider:
    url: str
    data: Path

    def says(self, **people: dict) -> None:
        """What the provider says about each of its people (email, names, employee number,
        and `id_token` overrides to misbehave)."""
        (self.data / "people.json").write_text(json.dumps(people))

    def allow_redirect(self, uri: str) -> None:
        body = f"uri={urllib.parse.quote(uri)}".encode()
        urllib.request.urlopen(f"{self.url}/testing/redirect-uri", data=body, timeout=60)  # noqa: S310


@pytest.fixture(scope="session")
def oidc_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("oidc-idp")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": oidc_idp.__name__,
        "IDP_DIR": str(data),
        "PYTHONPATH": str(Path(__file__).resolve().parents[4]),
    }
    env.pop("DATABASE_URL", None)
    _django(["migrate", "--noinput"], env)
    _django(["creatersakey"], env)
    _django(["shell", "-c", oidc_idp.SETUP], env)
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + DEADLINE
    while True:
        try:
            urllib.request.urlopen(f"{url}/openid/.well-known/openid-configuration", timeout=5)  # noqa: S310
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.2)
    yield OidcProvider(url=url, data=data)
    server.terminate()
    server.wait(timeout=DEADLINE)


@pytest.fixture
def oidc(oidc_server, db):
    """The provider, configured in Hearth as the company's sign-in ("Tell All SSO")."""
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="company",
        name="Tell All SSO",
        client_id="hearth",
        secret="hearth-secret",
        settings={"server_url": f"{oidc_server.url}/openid", "domains": ["tellall.example"]},
    )
    oidc_server.says()
    return oidc_server
