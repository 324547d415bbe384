"""Exception handlers: every error leaves as `{"error": {"code", "message", "details"}}`."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from chibo.core.context import current_request_id
from chibo.core.errors import (
    ChiboError,
    Conflict,
    MalformedJSON,
    StaleVersion,
    ValidationFailed,
)

log = logging.getLogger("chibo.errors")

_HTTP_CODES = {
    400: ("bad_request", "Bad request.", "Yêu cầu không hợp lệ."),
    401: ("unauthenticated", "Sign in to continue.", "Vui lòng đăng nhập để tiếp tục."),
    403: ("forbidden", "Not allowed.", "Không được phép."),
    404: ("not_found", "Not found.", "Không tìm thấy."),
    405: ("method_not_allowed", "Method not allowed.", "Phương thức không được hỗ trợ."),
    413: ("payload_too_large", "The request body is too large.", "Dữ liệu gửi lên quá lớn."),
    415: ("unsupported_media_type", "Unsupported media type.", "Định dạng không được hỗ trợ."),
}


def request_language(request: Request) -> str:
    return "vi" if request.headers.get("accept-language", "").lower().startswith("vi") else "en"


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details}},
        status_code=status,
        headers=headers,
    )


def _chibo_error(request: Request, exc: ChiboError) -> JSONResponse:
    return error_response(
        exc.status_code,
        exc.code,
        exc.message(request_language(request)),
        exc.details,
        exc.headers(),
    )


async def handle_chibo_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ChiboError)
    return _chibo_error(request, exc)


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return _chibo_error(request, MalformedJSON())
    details = [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": e.get("msg"),
            "type": e.get("type"),
        }
        for e in errors
    ]
    return _chibo_error(request, ValidationFailed(details=details))


async def handle_stale_data(request: Request, exc: Exception) -> JSONResponse:
    return _chibo_error(request, StaleVersion())


async def handle_integrity_error(request: Request, exc: Exception) -> JSONResponse:
    # Services check their rules first; this is the race that slipped between check and write.
    log.warning("integrity error", extra={"error": str(getattr(exc, "orig", exc))[:500]})
    return _chibo_error(
        request,
        Conflict(
            "The change conflicts with existing data (a duplicate or a missing reference).",
            "Thay đổi xung đột với dữ liệu hiện có (trùng lặp hoặc tham chiếu không tồn tại).",
        ),
    )


async def handle_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code, en, vi = _HTTP_CODES.get(
        exc.status_code, ("http_error", str(exc.detail), str(exc.detail))
    )
    return error_response(
        exc.status_code,
        code,
        vi if request_language(request) == "vi" else en,
        headers=getattr(exc, "headers", None),
    )


async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    vi = request_language(request) == "vi"
    return error_response(
        500,
        "internal_error",
        "Hệ thống gặp lỗi, vui lòng thử lại." if vi else "Something went wrong. Please try again.",
        {"request_id": current_request_id() or getattr(request.state, "request_id", None)},
    )


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ChiboError, handle_chibo_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StaleDataError, handle_stale_data)
    app.add_exception_handler(IntegrityError, handle_integrity_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
    app.add_exception_handler(Exception, handle_unexpected)
