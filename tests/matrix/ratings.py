"""Rating endpoints: sheets, the facts of a meeting, and the cell's self-rating with its
approval by the committee.

Targets per scope: four held regular meetings of the cell in YEAR: one not rated yet (create,
facts), one with a scored draft self-rating (score, vote, submit), one submitted (approve,
adjust) and one final (reads — members see final ratings only — and reopen).

Approval, adjustment and reopening belong to the superior level of the cell (base committee
or superior committee): an administrator passes the role gate but is refused by the rule
(403 approver_not_superior_level). Who took part in the cell's rating is refused too
(tests/test_rating_rules.py); these targets were entered by no demo account."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.core.clock import utcnow
from chibo.meetings.models import MeetingStatus
from chibo.ratings.models import Level, MeetingRating, RatingKind, RatingSheet, RatingStatus
from tests.factories import make_meeting
from tests.matrix import ALL, COMMITTEES, MANAGERS, Endpoint, Foreign

YEAR = 2041
SHEET = Path(__file__).resolve().parents[2] / "backend/chibo/ratings/sheets/qd17-regular.v1.json"
ADMIN = frozenset({"admin"})
APPROVERS = COMMITTEES - ADMIN
# The administrator is past the role gate, then not the superior level of the cell.
NOT_APPROVER = tuple(
    ("admin", scope, "forbidden:approver_not_superior_level") for scope in ("in", "out")
)
FILL = {"meeting_id": "ratings_meeting_id"}
DRAFT = {"rating_id": "rating_draft_id"}
SUBMITTED = {"rating_id": "rating_submitted_id"}
FINAL = {"rating_id": "rating_final_id"}


def _definition() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SHEET.read_text(encoding="utf-8"))
    return data


def full_entries() -> dict[str, dict[str, float]]:
    """Every item of the default regular sheet at full points (a rating stored without facts
    scores them all as judged)."""
    return {
        item["code"]: {"points": item["max_points"]}
        for criterion in _definition()["criteria"]
        for item in criterion["items"]
    }


# What a held meeting without a roll, speeches or a task review leaves to the scorer: the
# judged items, and the computed ones whose facts are missing (attendance, speakers, time on
# ideology, last month's tasks), at full points.
SCORED_BY_HAND = {
    "c2.rate": {"points": 4},
    "c3.content": {"points": 3},
    "c4.steps": {"points": 5},
    "c4.content": {"points": 10},
    "c4.thematic": {"points": 5},
    "c4.praise": {"points": 2},
    "c4.speakers": {"points": 5},
    "c4.ideology": {"points": 1},
    "c5.chairing": {"points": 10},
    "c6.principles": {"points": 5},
    "c7.tasks": {"points": 30},
}


def _new_version(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "definition": {**_definition(), "code": "matrix-regular"},
        "effective_from": f"{YEAR + 5}-01-01",
    }


def _v(t: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1}


ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", "/api/v1/rating-sheets", ALL, scoped=False, params=lambda t: {"all": "true"}),
    Endpoint("GET", "/api/v1/rating-sheets/{sheet_id}", ALL, scoped=False),
    Endpoint(
        "POST",
        "/api/v1/rating-sheets",
        ADMIN,
        gated=True,
        scoped=False,
        body=_new_version,
        status=201,
    ),
    Endpoint("GET", "/api/v1/meetings/{meeting_id}/rating-facts", ALL),
    Endpoint("GET", "/api/v1/meetings/{meeting_id}/ratings", ALL),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/ratings",
        MANAGERS,
        foreign=(
            Foreign(
                "assigned_member_id",
                "member_id",
                body=lambda t: {"assigned_member_id": t["member_id"]},
            ),
        ),
        status=201,
    ),
    Endpoint(
        "GET",
        "/api/v1/ratings",
        ALL,
        scoped=False,
        params=lambda t: {"status": "submitted", "from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31"},
        foreign=(Foreign("unit_id", "cell", params=lambda t: {"unit_id": t["cell"]}),),
    ),
    Endpoint("GET", "/api/v1/ratings/{rating_id}", ALL, fill=FINAL),
    # Also a member the cell assigned; others see no draft at all (404).
    Endpoint(
        "PUT",
        "/api/v1/ratings/{rating_id}/score",
        MANAGERS,
        fill=DRAFT,
        overrides=(("dangvien.noivu", "in", "hidden"),),
        body=lambda t: {"entries": SCORED_BY_HAND, "proposed_level": "fair", "version": 1},
    ),
    Endpoint(
        "PUT",
        "/api/v1/ratings/{rating_id}/vote",
        MANAGERS,
        gated=True,
        fill=DRAFT,
        body=lambda t: {"for": 0, "against": 0, "abstain": 0, "version": 1},
        # The draft's meeting has no roll: nobody present, so the cell cannot decide.
        outcomes=(("*", "*", 409, "quorum_not_met"),),
    ),
    Endpoint(
        "POST", "/api/v1/ratings/{rating_id}/submit", MANAGERS, gated=True, fill=DRAFT, body=_v
    ),
    Endpoint(
        "POST",
        "/api/v1/ratings/{rating_id}/approve",
        APPROVERS,
        gated=True,
        fill=SUBMITTED,
        overrides=NOT_APPROVER,
        body=_v,
    ),
    Endpoint(
        "POST",
        "/api/v1/ratings/{rating_id}/adjust",
        APPROVERS,
        gated=True,
        fill=SUBMITTED,
        overrides=NOT_APPROVER,
        body=lambda t: {
            "entries": {"c5.chairing": {"points": 8, "note": "Chưa phát huy dân chủ"}},
            "reason": "Điều hành chưa phát huy dân chủ",
            "version": 1,
        },
    ),
    Endpoint(
        "POST",
        "/api/v1/ratings/{rating_id}/reopen",
        APPROVERS,
        gated=True,
        fill=FINAL,
        overrides=NOT_APPROVER,
        body=lambda t: {"reason": "Cần xem xét lại tiêu chí 7", "version": 1},
    ),
]


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    code = "CB-NV" if scope == "in" else "CB-STC-VP"
    sheet = (
        await session.scalars(
            select(RatingSheet).where(
                RatingSheet.code == "qd17-regular", RatingSheet.version_number == 1
            )
        )
    ).one()
    meetings = [
        await make_meeting(
            session,
            code,
            status=MeetingStatus.minutes_final,
            start=datetime(YEAR, month, 4, 1, 0, tzinfo=UTC),
        )
        for month in (3, 4, 5, 6)
    ]
    entries = full_entries()
    points = {item: entry["points"] for item, entry in entries.items()}
    now = utcnow()
    ratings: dict[RatingStatus, MeetingRating] = {}
    for meeting, state in zip(
        meetings[1:], (RatingStatus.draft, RatingStatus.submitted, RatingStatus.final), strict=True
    ):
        rating = MeetingRating(
            meeting_id=meeting.id,
            unit_id=meeting.unit_id,
            sheet_id=sheet.id,
            kind=RatingKind.self_rating,
            status=state,
            facts={},
            self_entries=entries,
            self_points=points,
            self_total=100,
            self_level=Level.good,
            proposed_level=Level.good,
            caps_applied=[],
            scored_at=now,
            vote_for=3,
            vote_against=0,
            vote_abstain=0,
            vote_eligible=3,
        )
        if state is not RatingStatus.draft:
            rating.submitted_at = now
        if state is RatingStatus.final:
            rating.approved_entries = entries
            rating.approved_points = points
            rating.approved_total = 100
            rating.approved_level = Level.good
            rating.approved_at = rating.final_at = now
        session.add(rating)
        ratings[state] = rating
    await session.flush()
    ids.update(
        {
            "ratings_meeting_id": meetings[0].id,
            "rating_draft_id": ratings[RatingStatus.draft].id,
            "rating_submitted_id": ratings[RatingStatus.submitted].id,
            "rating_final_id": ratings[RatingStatus.final].id,
            "sheet_id": sheet.id,
        }
    )
