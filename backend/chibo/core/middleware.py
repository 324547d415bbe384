"""Pure ASGI middleware: request ids and request logs, and the request body size cap."""

import json
import logging
import re
import time
import uuid
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chibo.core.context import request_id_var
from chibo.core.errors import PayloadTooLarge

log = logging.getLogger("chibo.request")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Paths that carry a credential (the private calendar feed token): never written to the logs.
_SECRET_PATH = re.compile(r"(/calendar/)[^/]+(\.ics)$")


def _redact(path: str) -> str:
    return _SECRET_PATH.sub(r"\1***\2", path)


class RequestContextMiddleware:
    """Takes X-Request-ID (or makes one), echoes it, and logs one line per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        # Also on the scope: the outermost error handler runs after this context is gone.
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": _redact(scope["path"]),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id_var.reset(token)


class BodySizeLimitMiddleware:
    """Refuses bodies over the cap with 413, by Content-Length and while streaming."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        overrides: Mapping[str | re.Pattern[str], int] | None = None,
    ):
        self.app = app
        self.max_bytes = max_bytes
        # Path prefix, or a compiled pattern the whole path must match -> larger cap
        # (document uploads, whose path carries the meeting id).
        self.overrides = dict(overrides or {})

    def _limit_for(self, path: str) -> int:
        for match, limit in self.overrides.items():
            if match.fullmatch(path) if isinstance(match, re.Pattern) else path.startswith(match):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _send_too_large(scope, send)
            return
        received = 0
        response_started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge()
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not response_started:
                await _send_too_large(scope, send)


class _TooLarge(Exception):
    pass


async def _send_too_large(scope: Scope, send: Send) -> None:
    error = PayloadTooLarge()
    language = _language(scope)
    body = json.dumps(
        {"error": {"code": error.code, "message": error.message(language), "details": None}},
        ensure_ascii=False,
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _language(scope: Scope) -> str:
    headers: dict[bytes, Any] = dict(scope.get("headers", []))
    value = headers.get(b"accept-language", b"").decode("latin-1").lower()
    return "vi" if value.startswith("vi") else "en"
