"""Sending one signed webhook (issue 15, item 5): the signature, the target check, the POST.

The signature is ``sha256=`` + hex HMAC-SHA256 of ``f"{timestamp}.{body}"`` under the
subscription's secret, the timestamp (Unix seconds) sent beside it so a receiver can refuse old
replays (README, "Events out").

Server-side request forgery: a subscription names a URL the server will call, so only ``http``
and ``https`` are accepted, and every address the host resolves to must be a public one — not
private, loopback, link-local (cloud metadata at 169.254.169.254), shared, reserved or multicast —
unless ``WEBHOOK_ALLOW_PRIVATE_TARGETS``. The connection then goes to the address that was checked
(not to a second resolution, which a rebinding DNS server could point inwards), with TLS still
verified against the host name. Redirects are not followed (``http.client`` never does): a 3xx is
a failed attempt. Only the status line and a few hundred bytes of the answer are read, each read
under the timeout.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}
USER_AGENT = "yiguoji-webhooks/1"


class TargetRefused(Exception):
    """The URL is not one the server may call (scheme, host, or a non-public address)."""


@dataclass(frozen=True)
class Outcome:
    status: int | None  # the HTTP status, or None when no answer came
    error: str  # empty when delivered

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _split(url: str) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise TargetRefused("接收地址须以 http:// 或 https:// 开头")
    if not parts.hostname:
        raise TargetRefused("接收地址缺少主机名")
    if parts.username or parts.password:
        raise TargetRefused("接收地址不能包含用户名或密码")
    try:
        port = parts.port or SCHEMES[scheme]
    except ValueError:
        raise TargetRefused("接收地址的端口无效") from None
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, parts.hostname, port, path


def resolve(url: str) -> tuple[str, str, int, str, str]:
    """(scheme, host, port, path, the address to connect to), or :class:`TargetRefused`."""
    scheme, host, port, path = _split(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise TargetRefused(f"无法解析主机名 {host}") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise TargetRefused(f"无法解析主机名 {host}")
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        inward = [a for a in addresses if not _public(a)]
        if inward:
            raise TargetRefused(
                f"接收地址 {host} 指向内网、本机或保留地址（{inward[0]}），不予推送"
            )
    return scheme, host, port, path, addresses[0]


def check(url: str) -> str | None:
    """Why ``url`` cannot be a target, or None (what the subscription form says)."""
    try:
        resolve(url)
    except TargetRefused as refused:
        return str(refused)
    return None


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> Outcome:
    """POST ``body`` to ``url`` once; never raises for network trouble (it is the outcome)."""
    try:
        scheme, host, port, path, address = resolve(url)
    except TargetRefused as refused:
        return Outcome(None, str(refused))
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = kind(host, port, address, settings.WEBHOOK_TIMEOUT_SECONDS)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
                **headers,
            },
        )
        response = connection.getresponse()
        status = response.status
        snippet = response.read(300).decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException) as error:
        return Outcome(None, f"{type(error).__name__}: {error}"[:300])
    finally:
        connection.close()
    if 200 <= status < 300:
        return Outcome(status, "")
    return Outcome(status, f"HTTP {status} {snippet}"[:300])
