"""Annual review endpoints: proposals from the year's record, the list, one review, the
committee's decision, and the annual sheets as versioned data."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.demo import seed
from chibo.ratings.models import RatingSheet
from chibo.reviews.models import AnnualReview, ReviewLevel, ReviewStatus, ReviewSubject
from tests.helpers import member_named
from tests.matrix import ALL, COMMITTEES, MANAGERS, Endpoint

# A decided review of the member linked to dangvien.noivu ("in") or of a member of Sở Tài
# chính ("out"), in a year of its own; proposals are made for a past year.
FILL = {"review_id": "annual_review_id", "year": "annual_review_year"}
REVIEW_YEAR = 2039
PROPOSE_YEAR = 2024
SHEET = Path(__file__).resolve().parents[2] / "backend/chibo/reviews/sheets/annual-member.v1.json"

ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "POST",
        "/api/v1/units/{unit_id}/annual-reviews/{year}/propose",
        MANAGERS,
        fill={"year": "annual_propose_year"},
    ),
    Endpoint("GET", "/api/v1/units/{unit_id}/annual-reviews/{year}", ALL),
    Endpoint("GET", "/api/v1/annual-reviews/{review_id}", ALL),
    Endpoint(
        "PUT",
        "/api/v1/annual-reviews/{review_id}/decide",
        COMMITTEES,
        gated=True,
        body=lambda t: {"level": "good", "reasons": "Theo kết quả kiểm điểm", "version": 1},
    ),
    Endpoint(
        "GET",
        "/api/v1/annual-review-sheets",
        ALL,
        scoped=False,
        params=lambda t: {"subject": "annual_member"},
    ),
    Endpoint(
        "POST",
        "/api/v1/annual-review-sheets",
        frozenset({"admin"}),
        gated=True,
        scoped=False,
        body=lambda t: {"definition": json.loads(SHEET.read_text(encoding="utf-8"))},
        status=201,
    ),
]


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    name = (
        seed.DEMO_ACCOUNT_MEMBERS["dangvien.noivu"]
        if scope == "in"
        else seed.SECRETARIES["CB-STC-VP"]
    )
    member = await member_named(session, name)
    sheet_id = await session.scalar(
        select(RatingSheet.id).where(
            RatingSheet.code == "annual-member", RatingSheet.version_number == 1
        )
    )
    assert sheet_id is not None
    review = AnnualReview(
        subject=ReviewSubject.member,
        unit_id=member.unit_id,
        member_id=member.id,
        year=REVIEW_YEAR,
        sheet_id=sheet_id,
        status=ReviewStatus.decided,
        figures={},
        proposed_points=100,
        proposed_level=ReviewLevel.excellent,
        entries={},
        points=100,
        level=ReviewLevel.good,
        reasons="Hạn chế tỷ lệ",
        decided_at=datetime(REVIEW_YEAR + 1, 1, 10, tzinfo=UTC),
    )
    session.add(review)
    await session.flush()
    ids.update(
        {
            "annual_review_id": review.id,
            "annual_review_year": REVIEW_YEAR,
            "annual_propose_year": PROPOSE_YEAR,
        }
    )
