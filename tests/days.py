"""The days the suite runs on. No result may depend on the day the suite is run: the whole
suite reads time through `chibo.core.clock`, pinned here to SUITE_DAY (CHIBO_TEST_TODAY
overrides it, so that any anchor day can be tried: `CHIBO_TEST_TODAY=2028-02-29 make test`),
and the demo's own tests load the demo anchored on each of ANCHOR_DAYS."""

import os
from datetime import date, datetime, time

from chibo.core.clock import vietnam_moment

# The default day: an ordinary Wednesday, mid-month.
DEFAULT_SUITE_DAY = date(2026, 11, 18)
SUITE_DAY = date.fromisoformat(os.environ.get("CHIBO_TEST_TODAY") or DEFAULT_SUITE_DAY.isoformat())
# The suite starts at 10:00 in Vietnam: a run of under 14 hours never crosses midnight.
SUITE_START: datetime = vietnam_moment(SUITE_DAY, time(10, 0))

# Days the demo is loaded on in its own tests: month starts and ends, a 31st, holidays, the
# Mondays after Tết, a leap day, and the two days the suite once failed on.
ANCHOR_DAYS: tuple[date, ...] = (
    date(2024, 2, 29),  # leap day (Thursday)
    date(2025, 2, 3),  # Monday after Tết Ất Tỵ (29/01/2025)
    date(2026, 1, 1),  # New Year's Day (Thursday)
    date(2026, 2, 23),  # Monday after Tết Bính Ngọ (17/02/2026)
    date(2026, 3, 1),  # a month starting on a Sunday
    date(2026, 3, 31),  # a 31st
    date(2026, 4, 30),  # Reunification Day
    date(2026, 6, 15),  # mid-year Monday
    date(2026, 8, 1),  # a month starting on a Saturday
    date(2026, 9, 2),  # National Day
    date(2026, 10, 7),  # failed on before (issue 9)
    date(2026, 11, 30),  # a month's last day
    date(2026, 12, 6),  # failed on before (issue 9)
    date(2026, 12, 31),  # the year's last day
)
