"""A real SAML 2.0 identity provider for the SSO tests (pysaml2's Server, signing with
xmlsec1), served on loopback in a process of its own:

    python -m hearth.people.tests.sso.saml_idp DIR PORT

DIR holds its key and certificate (idp.key, idp.crt), the service provider's metadata (sp.xml,
written by the test) and people.json: what it says about each person, and how it misbehaves for
them ("sign": "none" or "wrong-key", "expired": true).

Single logout: /slo takes a service provider's LogoutRequest (redirect binding), notes whom it
signed out in logouts.json and answers with a signed LogoutResponse; /logout?username=...
starts a logout from the provider's side, for the NameID and SessionIndex it gave that person
at sign-in (kept in sessions.json).
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.authn_context import PASSWORDPROTECTEDTRANSPORT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_UNSPECIFIED, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 0
URL = f"http://127.0.0.1:{PORT}"


def _server(key: str = "idp", lifetime: int = 15) -> Server:
    config = IdPConfig()
    config.load(
        {
            "entityid": f"{URL}/metadata",
            "xmlsec_binary": "/usr/bin/xmlsec1",
            "key_file": str(DATA / f"{key}.key"),
            "cert_file": str(DATA / f"{key}.crt"),
            "metadata": {"local": [str(p) for p in DATA.glob("sp*.xml")]},
            "service": {
                "idp": {
                    "endpoints": {
                        "single_sign_on_service": [(f"{URL}/sso", BINDING_HTTP_REDIRECT)],
                        "single_logout_service": [(f"{URL}/slo", BINDING_HTTP_REDIRECT)],
                    },
                    "name_id_format": [NAMEID_FORMAT_UNSPECIFIED],
                    "policy": {
                        "default": {
                            "lifetime": {"minutes": lifetime},
                            "attribute_restrictions": None,
                            "name_form": NAME_FORMAT_BASIC,
                        }
                    },
                }
            },
        }
    )
    return Server(config=config)


def _read(name: str, empty):
    try:
        return json.loads((DATA / name).read_text())
    except FileNotFoundError:
        return empty


def _people() -> dict:
    return _read("people.json", {})


def _redirect(start_response, sent: dict):
    location = dict(sent["headers"])["Location"]
    start_response("303 See Other", [("Location", location)])
    return [b""]


def app(environ, start_response):
    path = environ["PATH_INFO"]
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if path == "/metadata":
        body = create_metadata_string(None, _server().config, sign=False)
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [body if isinstance(body, bytes) else body.encode()]
    if path == "/sso":
        request = query.get("SAMLRequest", [""])[0]
        relay = query.get("RelayState", [""])[0]
        page = (
            "<h1>Tell All SAML</h1><form method='post' action='/login'>"
            f"<input type='hidden' name='SAMLRequest' value='{html.escape(request)}'>"
            f"<input type='hidden' name='RelayState' value='{html.escape(relay)}'>"
            "<label>Username <input name='username'></label>"
            "<button type='submit'>Continue</button></form>"
        )
        start_response("200 OK", [("Content-Type", "text/html")])
        return [page.encode()]
    if path == "/login":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qs(environ["wsgi.input"].read(size).decode())
        username = form["username"][0]
        said = _people().get(username, {})
        server = _server(
            key="wrong" if said.get("sign") == "wrong-key" else "idp",
            lifetime=-60 if said.get("expired") else 15,
        )
        request = server.parse_authn_request(form["SAMLRequest"][0], BINDING_HTTP_REDIRECT)
        message = request.message
        identity = {"uid": [username]}
        for key, value in said.get("attributes", {}).items():
            identity[key] = [value]
        signed = said.get("sign") != "none"
        response = server.create_authn_response(
            identity,
            name_id=NameID(format=NAMEID_FORMAT_UNSPECIFIED, text=username),
            in_response_to=message.id,
            destination=message.assertion_consumer_service_url,
            sp_entity_id=message.issuer.text,
            userid=username,
            authn={"class_ref": PASSWORDPROTECTEDTRANSPORT, "authn_auth": f"{URL}/login"},
            sign_response=signed,
            sign_assertion=signed,
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
        )
        sessions = _read("sessions.json", {})
        index = re.search(r'SessionIndex="([^"]+)"', str(response))
        sessions[username] = {"sp": message.issuer.text, "index": index and index.group(1)}
        (DATA / "sessions.json").write_text(json.dumps(sessions))
        sent = server.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            destination=message.assertion_consumer_service_url,
            relay_state=form.get("RelayState", [""])[0],
            response=True,
        )
        start_response("200 OK", [("Content-Type", "text/html")])
        return [sent["data"].encode() if isinstance(sent["data"], str) else sent["data"]]
    if path == "/slo":
        server = _server()
        if "SAMLResponse" in query:  # the answer to a logout the provider started
            answer = server.parse_logout_request_response(
                query["SAMLResponse"][0], BINDING_HTTP_REDIRECT
            )
            status = answer.response.status.status_code.value
            (DATA / "answered.json").write_text(json.dumps({"status": status}))
            start_response("200 OK", [("Content-Type", "text/html")])
            return [b"<h1>Signed out of Tell All SAML</h1>"]
        request = server.parse_logout_request(
            query["SAMLRequest"][0],
            BINDING_HTTP_REDIRECT,
            relay_state=query.get("RelayState", [""])[0],
            sigalg=query.get("SigAlg", [None])[0],
            signature=query.get("Signature", [None])[0],
        )
        message = request.message
        logouts = _read("logouts.json", [])
        logouts.append(
            {
                "name_id": message.name_id.text,
                "session_index": [i.text for i in message.session_index],
            }
        )
        (DATA / "logouts.json").write_text(json.dumps(logouts))
        response = server.create_logout_response(message, [BINDING_HTTP_REDIRECT], sign=False)
        destination = server.response_args(message, [BINDING_HTTP_REDIRECT])["destination"]
        sent = server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(response),
            destination=destination,
            relay_state=query.get("RelayState", [""])[0],
            response=True,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return _redirect(start_response, sent)
    if path == "/logout":
        username = query["username"][0]
        kept = _read("sessions.json", {})[username]
        server = _server()
        destination = server.metadata.single_logout_service(
            kept["sp"], BINDING_HTTP_REDIRECT, "spsso"
        )[0]["location"]
        _id, request = server.create_logout_request(
            destination,
            kept["sp"],
            name_id=NameID(format=NAMEID_FORMAT_UNSPECIFIED, text=username),
            session_indexes=[kept["index"]],
            sign=False,
        )
        sent = server.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(request),
            destination=destination,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return _redirect(start_response, sent)
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


if __name__ == "__main__":
    make_server("127.0.0.1", PORT, app, handler_class=_Quiet).serve_forever()
