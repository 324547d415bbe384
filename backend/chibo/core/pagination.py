"""Keyset pagination: `{"items": [...], "next_cursor": …}`, ordered by stable unique keys."""

import base64
import enum
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import ColumnElement

from chibo.core.errors import ChiboError

T = TypeVar("T")
Row = TypeVar("Row")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class InvalidCursor(ChiboError):
    status_code = 400
    code = "invalid_cursor"
    message_en = "The pagination cursor is not valid. Start again from the first page."
    message_vi = "Con trỏ phân trang không hợp lệ. Vui lòng tải lại từ trang đầu."


def _encode_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return {"$d": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and "$d" in value:
        text = value["$d"]
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    return value


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != width:
            raise InvalidCursor()
        return [_decode_value(v) for v in values]
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidCursor() from exc


def _checked(key: InstrumentedAttribute[Any], value: Any) -> Any:
    """A cursor value of the key's type: a forged cursor is a 400, never a database error."""
    try:
        expected: type = key.type.python_type
    except NotImplementedError:
        # A type that names no Python type (none of today's keys): the database checks it.
        return value
    if value is None:
        return value
    if isinstance(value, bool) and expected is not bool:
        raise InvalidCursor()
    if expected is datetime:
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise InvalidCursor()
        return value
    if expected is date and isinstance(value, datetime):
        raise InvalidCursor()
    if expected is float and isinstance(value, int):
        return float(value)
    if isinstance(value, expected):
        return value
    if issubclass(expected, enum.Enum) and isinstance(value, str):
        try:
            return expected(value)
        except ValueError as exc:
            raise InvalidCursor() from exc
    raise InvalidCursor()


def _after(
    keys: Sequence[InstrumentedAttribute[Any]], values: Sequence[Any]
) -> ColumnElement[bool]:
    """(k1, k2, …) > (v1, v2, …) spelled out, so that both databases use their indexes."""
    clauses: list[ColumnElement[bool]] = []
    for i, key in enumerate(keys):
        equal_prefix = [keys[j] == values[j] for j in range(i)]
        clauses.append(and_(*equal_prefix, key > values[i]))
    return or_(*clauses)


async def paginate(
    session: Any,
    query: Select[Any],
    keys: Sequence[InstrumentedAttribute[Any]],
    *,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Run `query` (selecting one ORM entity) ordered by `keys`, one page after `cursor`."""
    if cursor:
        values = decode_cursor(cursor, len(keys))
        query = query.where(
            _after(keys, [_checked(k, v) for k, v in zip(keys, values, strict=True)])
        )
    query = query.order_by(*keys).limit(limit + 1)
    rows = list((await session.scalars(query)).unique().all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, k.key) for k in keys])
    return rows, next_cursor
