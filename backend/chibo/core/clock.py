"""One source of 'now'. Tests pin it to a day (`pin`) and move it (`travel`); a demo or test
server may start from a given moment (`CHIBO_CLOCK_START`, refused in production)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta

_offset = timedelta(0)
_stopped: datetime | None = None  # the wall clock's reading while the clock stands still
VIETNAM_OFFSET = timedelta(hours=7)


def utcnow() -> datetime:
    return (_stopped or datetime.now(UTC)) + _offset


def today() -> date:
    """Today on Vietnam's calendar (UTC+7), where party business happens."""
    return (utcnow() + VIETNAM_OFFSET).date()


def vietnam_date(moment: datetime) -> date:
    """The calendar day in Vietnam of an aware moment."""
    return (moment.astimezone(UTC) + VIETNAM_OFFSET).date()


def vietnam_moment(day: date, at: time) -> datetime:
    """A Vietnam wall-clock time on `day` as an aware UTC datetime."""
    return datetime.combine(day, at, tzinfo=UTC) - VIETNAM_OFFSET


def offset() -> timedelta:
    """How far the clock is moved from the wall clock (tests check nothing leaks)."""
    return _offset


def pin(moment: datetime) -> None:
    """Make the clock read `moment` now and run on from there, whatever the wall clock says."""
    global _offset
    _offset = moment.astimezone(UTC) - datetime.now(UTC)


def unpin() -> None:
    """Back to the wall clock."""
    global _offset
    _offset = timedelta(0)


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


@contextmanager
def pinned(moment: datetime) -> Iterator[None]:
    """The clock reads `moment` at the start of the block and runs on from it; restored after."""
    global _offset
    previous = _offset
    pin(moment)
    try:
        yield
    finally:
        _offset = previous


@contextmanager
def stopped() -> Iterator[datetime]:
    """The clock stands still (but for `travel`) for the block, so that durations and waits
    read exactly however long the work takes (tests only). Yields the standing 'now'."""
    global _stopped
    previous = _stopped
    _stopped = datetime.now(UTC).replace(microsecond=0)
    try:
        yield utcnow()
    finally:
        _stopped = previous
