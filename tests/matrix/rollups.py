"""Roll-up endpoints: the roll-up of a cell or committee for a period, the ranking of the
cells, and the roll-up rule as versioned data."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.meetings.models import MeetingStatus
from chibo.ratings.models import Level, MeetingRating, RatingKind, RatingSheet, RatingStatus
from tests.factories import make_meeting
from tests.matrix import ALL, COMMITTEES, Endpoint, Foreign

YEAR = 2031
# A secretary or member sees no committee above its cell: the committee named in the body
# is hidden from them.
_HIDDEN_BELOW = (("bithu.noivu", "in", "hidden"), ("dangvien.noivu", "in", "hidden"))


def _period(t: dict[str, Any]) -> dict[str, Any]:
    return {"period": "quarter", "year": YEAR, "number": 1}


ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", "/api/v1/units/{unit_id}/rating-rollup", ALL, params=_period),
    Endpoint("GET", "/api/v1/units/{unit_id}/ranking", ALL, params=_period),
    Endpoint(
        "GET",
        "/api/v1/rollup-rules",
        ALL,
        params=lambda t: {"unit_id": t["cell"]},
        foreign=(Foreign("unit_id", "cell"),),
    ),
    Endpoint(
        "POST",
        "/api/v1/rollup-rules",
        COMMITTEES,
        overrides=_HIDDEN_BELOW,
        body=lambda t: {
            "unit_id": t["base"],
            "effective_from": f"{YEAR}-01-01",
            "rule": {
                "missed_points": None,
                "caps": [{"if_missed_at_least": 1, "max_level": "fair"}],
            },
        },
        foreign=(Foreign("unit_id", "base"),),
        status=201,
    ),
]


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    """A regular meeting of the cell in January, with a final self-rating."""
    meeting = await make_meeting(
        session,
        "CB-NV" if scope == "in" else "CB-STC-VP",
        status=MeetingStatus.minutes_final,
        start=datetime(YEAR, 1, 6, 1, 0, tzinfo=UTC),
    )
    sheet_id = await session.scalar(
        select(RatingSheet.id).where(
            RatingSheet.code == "qd17-regular", RatingSheet.version_number == 1
        )
    )
    session.add(
        MeetingRating(
            meeting_id=meeting.id,
            unit_id=meeting.unit_id,
            sheet_id=sheet_id,
            kind=RatingKind.self_rating,
            status=RatingStatus.final,
            facts={},
            self_entries={},
            self_points={},
            self_total=91,
            self_level=Level.good,
            caps_applied=[],
            approved_total=91,
            approved_level=Level.good,
        )
    )
    await session.flush()
