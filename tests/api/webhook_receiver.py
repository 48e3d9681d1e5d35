"""A receiver of the portal's webhooks for tests: a real HTTP server on 127.0.0.1 in a thread,
answering each POST with the next status of its script (then 200), and the verification a
receiving system would write (README, "Events out")."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_AGE_SECONDS = 300


def verify(secret: str, headers, body: bytes, *, now: float | None = None) -> dict:
    """What a receiver does: recompute the signature over ``timestamp.body``, compare in constant
    time, refuse an old timestamp, then parse. Raises ValueError when anything is off."""
    timestamp = headers["X-Yiguoji-Timestamp"]
    expected = (
        "sha256="
        + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )
    if not hmac.compare_digest(expected, headers["X-Yiguoji-Signature"]):
        raise ValueError("bad signature")
    if abs((now or time.time()) - int(timestamp)) > MAX_AGE_SECONDS:
        raise ValueError("too old")
    event = json.loads(body)
    if event["id"] != headers["X-Yiguoji-Delivery"] or event["kind"] != headers["X-Yiguoji-Event"]:
        raise ValueError("headers do not match the body")
    return event


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    script: list[int] = field(default_factory=list)  # statuses to answer, in order; then 200
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/hooks/yiguoji"

    def wait(self, count: int, seconds: float = 30) -> list[Received]:
        deadline = time.monotonic() + seconds
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} of {count} received"
            time.sleep(0.1)
        return self.received


def start() -> Receiver:
    receiver = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                status = receiver.script.pop(0) if receiver.script else 200
                receiver.received.append(Received(self.path, dict(self.headers), body))
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    receiver.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=receiver.server.serve_forever, daemon=True).start()
    return receiver
