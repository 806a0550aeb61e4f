"""A Web Push service on loopback, for tests: what a browser vendor's push service does with a
message Hearth sends, checked the way the standards say.

- RFC 8292 (VAPID): the Authorization header is `vapid t=<JWT>, k=<key>`; the JWT is ES256,
  signed by the key `k`, for this service's origin (`aud`), not expired (`exp` within 24 hours)
  and with a contact (`sub`, mailto: or https:). `k` must be the key the browser subscribed with.
- RFC 8291 / 8188: the body is encrypted (`Content-Encoding: aes128gcm`) for the subscription's
  key pair and auth secret, which only the browser (here: this service) holds; it is decrypted
  and kept, so a test reads exactly what a phone would show.
A subscription can be made to answer 410 Gone, as a push service does for an expired one.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Subscription:
    token: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    gone: bool = False
    messages: list[dict] = field(default_factory=list)


class PushService:
    def __init__(self, application_server_key: str) -> None:
        self.application_server_key = application_server_key
        self.subscriptions: dict[str, Subscription] = {}
        self.refused: list[str] = []  # why messages were refused (none, when Hearth is right)
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                length = int(self.headers.get("Content-Length") or 0)
                status = service.receive(self.path, dict(self.headers), self.rfile.read(length))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def subscribe(self) -> dict[str, Any]:
        """A new subscription, as `PushSubscription.toJSON()` gives it to the page."""
        key = ec.generate_private_key(ec.SECP256R1())
        subscription = Subscription(secrets.token_urlsafe(12), key, secrets.token_bytes(16))
        self.subscriptions[subscription.token] = subscription
        public = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": f"{self.origin}/push/{subscription.token}",
            "keys": {"p256dh": b64url(public), "auth": b64url(subscription.auth)},
        }

    def messages(self, subscription: dict[str, Any]) -> list[dict]:
        return self.subscriptions[subscription["endpoint"].rsplit("/", 1)[1]].messages

    def make_gone(self, subscription: dict[str, Any]) -> None:
        self.subscriptions[subscription["endpoint"].rsplit("/", 1)[1]].gone = True

    def _refuse(self, why: str) -> int:
        self.refused.append(why)
        return 401 if "VAPID" in why else 400

    def receive(self, path: str, headers: dict[str, str], body: bytes) -> int:
        headers = {k.lower(): v for k, v in headers.items()}
        subscription = self.subscriptions.get(path.rsplit("/", 1)[-1])
        if subscription is None:
            return 404
        if subscription.gone:
            return 410
        if "ttl" not in headers:
            return self._refuse("no TTL header")
        why = self._check_vapid(headers.get("authorization", ""))
        if why:
            return self._refuse(why)
        if headers.get("content-encoding") != "aes128gcm":
            return self._refuse("not aes128gcm")
        try:
            plain = http_ece.decrypt(
                body,
                private_key=subscription.private_key,
                auth_secret=subscription.auth,
                version="aes128gcm",
            )
        except Exception as error:  # noqa: BLE001 - any failure to decrypt is a refusal
            return self._refuse(f"cannot decrypt: {error}")
        subscription.messages.append(json.loads(plain))
        return 201

    def _check_vapid(self, authorization: str) -> str:
        scheme, _space, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            return f"VAPID: not a vapid Authorization header: {authorization[:30]}"
        values = dict(
            part.strip().split("=", 1) for part in params.split(",") if "=" in part.strip()
        )
        token, key = values.get("t", ""), values.get("k", "")
        if key != self.application_server_key:
            return "VAPID: k is not the key the browser subscribed with"
        try:
            header_b64, claims_b64, signature_b64 = token.split(".")
            header = json.loads(b64url_decode(header_b64))
            claims = json.loads(b64url_decode(claims_b64))
            signature = b64url_decode(signature_b64)
            public = ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), b64url_decode(key)
            )
            der = encode_dss_signature(
                int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
            )
            public.verify(der, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except (ValueError, InvalidSignature) as error:
            return f"VAPID: bad token ({error!r})"
        if header.get("alg") != "ES256":
            return "VAPID: not ES256"
        if claims.get("aud") != self.origin:
            return f"VAPID: aud {claims.get('aud')} is not {self.origin}"
        if not time.time() < int(claims.get("exp", 0)) <= time.time() + 24 * 3600:
            return "VAPID: exp outside the next 24 hours"
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            return "VAPID: no sub contact"
        return ""
