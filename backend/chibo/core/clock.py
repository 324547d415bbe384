"""One source of 'now'. Tests move it with `travel` (lockouts, probation, deadlines)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

_offset = timedelta(0)
VIETNAM_OFFSET = timedelta(hours=7)


def utcnow() -> datetime:
    return datetime.now(UTC) + _offset


def today() -> date:
    """Today on Vietnam's calendar (UTC+7), where party business happens."""
    return (utcnow() + VIETNAM_OFFSET).date()


def vietnam_date(moment: datetime) -> date:
    """The calendar day in Vietnam of an aware moment."""
    return (moment.astimezone(UTC) + VIETNAM_OFFSET).date()


@contextmanager
def travel(delta: timedelta) -> Iterator[None]:
    """Shift the clock by `delta` for the duration of the block (tests only)."""
    global _offset
    previous = _offset
    _offset = previous + delta
    try:
        yield
    finally:
        _offset = previous
