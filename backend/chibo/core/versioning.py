"""Optimistic concurrency for updates: a `version` in the body, or an ETag in If-Match."""

from chibo.core.errors import PreconditionFailed, StaleVersion, ValidationFailed


def etag(version: int) -> str:
    return f'W/"{version}"'


def check_version(current: int, body_version: int | None, if_match: str | None) -> None:
    """Refuse a write based on anything but the current version (nothing is overwritten)."""
    if if_match is not None:
        wanted = if_match.strip().removeprefix("W/").strip('"')
        if wanted != str(current):
            raise PreconditionFailed()
    if body_version is not None and body_version != current:
        raise StaleVersion(details={"current_version": current})
    if body_version is None and if_match is None:
        raise ValidationFailed(
            "Send the record's version (body field 'version' or an If-Match header).",
            "Thiếu phiên bản của bản ghi (trường 'version' hoặc tiêu đề If-Match).",
            details=[{"loc": ["body", "version"], "msg": "required", "type": "missing"}],
        )
