"""The injected clock: the suite runs on its pinned day, a demo or e2e server starts its clock
at CHIBO_CLOCK_START (refused in production), and tokens expire by that clock alone."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from pydantic import ValidationError

from chibo.config import Settings
from chibo.core import clock
from chibo.core.security import create_access_token, decode_access_token
from tests.days import SUITE_DAY

KEY = "k" * 40


def test_the_suite_runs_on_its_pinned_day() -> None:
    assert clock.today() == SUITE_DAY


def test_a_day_starts_the_clock_at_nine_in_vietnam() -> None:
    settings = Settings(environment="test", clock_start="2028-02-29")  # type: ignore[arg-type]
    assert settings.clock_start == datetime(2028, 2, 29, 2, 0, tzinfo=UTC)  # 09:00 UTC+7
    before = clock.offset()
    try:
        settings.start_clock()
        assert clock.today() == date(2028, 2, 29)
        assert abs(clock.utcnow() - datetime(2028, 2, 29, 2, 0, tzinfo=UTC)) < timedelta(seconds=5)
    finally:
        clock._offset = before  # the suite's own pin


def test_a_moment_needs_its_zone_and_production_refuses_any() -> None:
    moment = Settings(environment="test", clock_start="2026-03-01T23:30:00+07:00")  # type: ignore[arg-type]
    assert moment.clock_start == datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    with pytest.raises(ValidationError, match="time zone"):
        Settings(environment="test", clock_start="2026-03-01T23:30:00")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="not production"):
        Settings(
            environment="production",
            secret_key="s" * 40,
            clock_start="2026-03-01",  # type: ignore[arg-type]
        )
    assert Settings(environment="test").clock_start is None


def test_tokens_expire_by_the_injected_clock_not_the_wall_clock() -> None:
    """Pinned years away from the wall clock, a fresh token is good and an old one is not."""
    with clock.pinned(datetime.combine(date(2031, 7, 1), time(3, 0), tzinfo=UTC)):
        token, seconds = create_access_token(
            secret_key=KEY, subject="7", minutes=15, claims={"sid": "s"}
        )
        assert decode_access_token(token, secret_key=KEY) is not None
        with clock.travel(timedelta(seconds=seconds - 1)):
            assert decode_access_token(token, secret_key=KEY) is not None
        with clock.travel(timedelta(seconds=seconds)):
            assert decode_access_token(token, secret_key=KEY) is None
    with clock.pinned(datetime(2019, 1, 1, tzinfo=UTC)):
        old, _ = create_access_token(secret_key=KEY, subject="7", minutes=15, claims={"sid": "s"})
    assert decode_access_token(old, secret_key=KEY) is None  # expired years ago on our clock
