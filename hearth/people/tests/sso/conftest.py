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
from django.test import Client

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


def _serve(arguments: list[str], env: dict[str, str], probe: str) -> subprocess.Popen:
    """Start a server in a process of its own; answer once `probe` answers."""
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, *arguments],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + DEADLINE
    while True:
        try:
            urllib.request.urlopen(probe, timeout=5)  # noqa: S310 - a loopback test server
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.2)


@dataclass
class OidcProvider:
    url: str
    data: Path

    def says(self, **people: dict) -> None:
        """What the provider says about each of its people (email, names, employee number,
        and `id_token` overrides to misbehave)."""
        (self.data / "people.json").write_text(json.dumps(people))

    def allow_redirect(self, uri: str, logout: str = "") -> None:
        body = urllib.parse.urlencode({"uri": uri, "logout": logout}).encode()
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
    url = f"http://127.0.0.1:{port}"
    server = _serve(
        ["-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env,
        f"{url}/openid/.well-known/openid-configuration",
    )
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


def _key_pair(data: Path, name: str) -> str:
    """A self-signed certificate and its key, as idp.crt and idp.key; answers the certificate."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Tell All {name}")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    (data / f"{name}.crt").write_text(pem)
    (data / f"{name}.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return pem


@dataclass
class SamlProvider:
    url: str
    data: Path
    certificate: str

    def says(self, **people: dict) -> None:
        (self.data / "people.json").write_text(json.dumps(people))
        for heard in ("logouts.json", "answered.json"):
            (self.data / heard).unlink(missing_ok=True)

    def logouts(self) -> list[dict]:
        """The LogoutRequests service providers sent it: whose NameID, which sessions."""
        path = self.data / "logouts.json"
        return json.loads(path.read_text()) if path.exists() else []

    def answered(self) -> dict | None:
        """The LogoutResponse to the last logout it started."""
        path = self.data / "answered.json"
        return json.loads(path.read_text()) if path.exists() else None

    def metadata(self) -> str:
        with urllib.request.urlopen(f"{self.url}/metadata", timeout=DEADLINE) as answer:  # noqa: S310
            return answer.read().decode()

    def knows(self, name: str, metadata: bytes) -> None:
        """The service provider's metadata (its entity id and where to answer)."""
        (self.data / f"sp-{name}.xml").write_bytes(metadata)


@pytest.fixture(scope="session")
def saml_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("saml-idp")
    certificate = _key_pair(data, "idp")
    _key_pair(data, "wrong")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[4])}
    url = f"http://127.0.0.1:{port}"
    server = _serve(
        ["-m", "hearth.people.tests.sso.saml_idp", str(data), str(port)], env, f"{url}/metadata"
    )
    yield SamlProvider(url=url, data=data, certificate=certificate)
    server.terminate()
    server.wait(timeout=DEADLINE)


@pytest.fixture
def saml(saml_server, db, client):
    """The SAML provider, configured in Hearth ("Tell All SAML", organisation `tellall`), and
    told about Hearth as the test client sees it."""
    body = "".join(
        line for line in saml_server.certificate.splitlines() if "CERTIFICATE" not in line
    )
    SocialApp.objects.create(
        provider="saml",
        provider_id="tellall",
        client_id="tellall",
        name="Tell All SAML",
        settings={
            "idp": {
                "entity_id": f"{saml_server.url}/metadata",
                "sso_url": f"{saml_server.url}/sso",
                "slo_url": f"{saml_server.url}/slo",
                "x509cert": body,
            },
            # As pysaml2 names them (Entra ID: http://schemas.xmlsoap.org/ws/2005/05/...).
            "attribute_mapping": {
                field: f"urn:mace:dir:attribute-def:{name}"
                for field, name in (
                    ("uid", "uid"),
                    ("email", "email"),
                    ("first_name", "givenName"),
                    ("last_name", "sn"),
                    ("employee_number", "employeeNumber"),
                )
            },
            # The test servers are "testserver" and "localhost": names without a dot.
            "advanced": {
                "want_assertion_signed": True,
                "want_message_signed": True,
                "allow_single_label_domains": True,
            },
        },
    )
    saml_server.knows("testserver", Client().get("/accounts/saml/tellall/metadata/").content)
    saml_server.says()
    return saml_server
