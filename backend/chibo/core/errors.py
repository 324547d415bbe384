"""Typed business errors: each carries its HTTP status, a stable code and a message for people.

The API answers `{"error": {"code", "message", "details"}}`. Messages exist in English and
Vietnamese; the Accept-Language header chooses (the web app asks for Vietnamese).
"""

from typing import Any, ClassVar


class ChiboError(Exception):
    status_code: int = 400
    code: str = "bad_request"
    message_en: ClassVar[str] = "The request could not be processed."
    message_vi: ClassVar[str] = "Yêu cầu không thể xử lý."

    def __init__(
        self,
        message_en: str | None = None,
        message_vi: str | None = None,
        *,
        details: Any = None,
        code: str | None = None,
        status_code: int | None = None,
    ) -> None:
        if code is not None:
            self.code = code
        if status_code is not None:
            self.status_code = status_code
        self.en = message_en or self.message_en
        self.vi = message_vi or self.message_vi
        self.details = details
        super().__init__(self.en)

    def message(self, language: str = "en") -> str:
        return self.vi if language == "vi" else self.en

    def headers(self) -> dict[str, str] | None:
        """HTTP headers the answer carries."""
        return {"WWW-Authenticate": "Bearer"} if self.status_code == 401 else None


class NotFound(ChiboError):
    """Also what an object outside the caller's scope looks like: as if it did not exist."""

    status_code = 404
    code = "not_found"
    message_en = "Not found."
    message_vi = "Không tìm thấy."


class Unauthenticated(ChiboError):
    status_code = 401
    code = "unauthenticated"
    message_en = "Sign in to continue."
    message_vi = "Vui lòng đăng nhập để tiếp tục."


class InvalidCredentials(Unauthenticated):
    code = "invalid_credentials"
    message_en = "Wrong username or password, or the account is locked or disabled."
    message_vi = "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang bị khóa."


class InvalidToken(Unauthenticated):
    code = "invalid_token"
    message_en = "Your session has expired or was revoked. Sign in again."
    message_vi = "Phiên làm việc đã hết hạn hoặc bị thu hồi. Vui lòng đăng nhập lại."


class Forbidden(ChiboError):
    status_code = 403
    code = "forbidden"
    message_en = "Your role does not allow this action."
    message_vi = "Vai trò của bạn không được phép thực hiện thao tác này."


class Conflict(ChiboError):
    status_code = 409
    code = "conflict"
    message_en = "The request conflicts with the current state."
    message_vi = "Yêu cầu xung đột với dữ liệu hiện có."


class StaleVersion(Conflict):
    code = "stale_version"
    message_en = "Someone else changed this record first. Reload it and try again."
    message_vi = "Bản ghi đã được người khác sửa trước. Vui lòng tải lại rồi thử lại."


class PreconditionFailed(ChiboError):
    status_code = 412
    code = "precondition_failed"
    message_en = "The record changed since you read it (If-Match does not match)."
    message_vi = "Bản ghi đã thay đổi kể từ khi bạn đọc (If-Match không khớp)."


class TooManyAttempts(ChiboError):
    """A rate limit: 429 with `Retry-After` (seconds), also in the details."""

    status_code = 429
    code = "too_many_attempts"

    def __init__(self, retry_after: int, *, code: str | None = None) -> None:
        self.retry_after = max(1, retry_after)
        if self.retry_after < 60:
            wait_en, wait_vi = f"{self.retry_after} seconds", f"{self.retry_after} giây"
        else:
            minutes = -(-self.retry_after // 60)
            wait_en, wait_vi = f"{minutes} minutes", f"{minutes} phút"
        super().__init__(
            f"Too many attempts. Try again in {wait_en}.",
            f"Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {wait_vi}.",
            details={"retry_after": self.retry_after},
            code=code,
        )

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


class BusinessRuleViolation(ChiboError):
    status_code = 422
    code = "business_rule_violation"


class ValidationFailed(ChiboError):
    status_code = 422
    code = "validation_error"
    message_en = "Some fields are not valid."
    message_vi = "Một số trường dữ liệu không hợp lệ."


class PayloadTooLarge(ChiboError):
    status_code = 413
    code = "payload_too_large"
    message_en = "The request body is too large."
    message_vi = "Dữ liệu gửi lên quá lớn."


class MalformedJSON(ChiboError):
    status_code = 400
    code = "malformed_json"
    message_en = "The request body is not valid JSON."
    message_vi = "Dữ liệu gửi lên không phải JSON hợp lệ."


def rule(code: str, en: str, vi: str, *, status: int = 422, details: Any = None) -> ChiboError:
    """A one-off business rule error with its own stable code."""
    return BusinessRuleViolation(en, vi, details=details, code=code, status_code=status)


def conflict(code: str, en: str, vi: str, *, details: Any = None) -> ChiboError:
    return rule(code, en, vi, status=409, details=details)
