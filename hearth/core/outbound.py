"""Where Hearth's own requests may go (webhook deliveries, Web Push): never into the company's
own network by accident (server-side request forgery). A URL is refused when its host resolves
to a loopback, link-local, private, reserved or multicast address, unless the host is named in
HEARTH_WEBHOOK_ALLOWED_HOSTS by whoever runs Hearth. The check runs when a subscription is saved
and again before every attempt (a name may resolve elsewhere later), and deliveries never follow
redirects."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class Refused(Exception):
    """The URL may not receive deliveries; the message says why, for the person who set it."""


def allowed_hosts() -> set[str]:
    return {h.strip().lower() for h in settings.HEARTH_WEBHOOK_ALLOWED_HOSTS if h.strip()}


def target_check(url: str) -> None:
    """Raise `Refused` unless deliveries may go to `url`."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise Refused(_("Give an https:// address."))
    if parts.username or parts.password:
        raise Refused(_("Put no user name or password in the address; the signature proves it."))
    host = parts.hostname.lower()
    if host in allowed_hosts():
        return
    if parts.scheme != "https":
        raise Refused(_("Give an https:// address."))
    try:
        port = parts.port or 443
    except ValueError:
        raise Refused(_("This port does not exist.")) from None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        raise Refused(_("This host name does not resolve.")) from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise Refused(
                _(
                    "%(host)s is inside a private network (%(address)s); an administrator of "
                    "the installation must allow it."
                )
                % {"host": host, "address": address}
            )
