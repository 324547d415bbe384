"""Meetings endpoints: planning, lifecycle, agenda, amendments, norms, templates, compliance."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.meetings.models import AgendaItem, AgendaItemKind
from tests.factories import make_meeting
from tests.matrix import ALL, COMMITTEES, MANAGERS, Endpoint

START = "2030-06-03T01:00:00+00:00"
# A secretary or member sees no committee above its cell: a committee named in the body is
# hidden from them.
_HIDDEN_BELOW = (("bithu.noivu", "in", "hidden"), ("dangvien.noivu", "in", "hidden"))


def _v(t: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1}


ENDPOINTS: list[Endpoint] = [
    Endpoint("GET", "/api/v1/meetings", ALL, scoped=False),
    Endpoint(
        "POST",
        "/api/v1/meetings",
        MANAGERS,
        body=lambda t: {
            "unit_id": t["cell"],
            "meeting_type": "extraordinary",
            "planned_start": START,
        },
    ),
    Endpoint(
        "POST",
        "/api/v1/meetings/generate-year",
        MANAGERS,
        body=lambda t: {"unit_id": t["cell"], "year": 2031},
    ),
    Endpoint("GET", "/api/v1/meetings/{meeting_id}", ALL),
    Endpoint(
        "PATCH",
        "/api/v1/meetings/{meeting_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "location": "Phòng họp"},
    ),
    Endpoint("POST", "/api/v1/meetings/{meeting_id}/announce", MANAGERS, body=_v),
    Endpoint("POST", "/api/v1/meetings/{meeting_id}/start", MANAGERS, body=_v),
    Endpoint("POST", "/api/v1/meetings/{meeting_id}/end", MANAGERS, body=_v),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/cancel",
        MANAGERS,
        body=lambda t: {"version": 1, "reason": "Trùng lịch"},
    ),
    Endpoint("GET", "/api/v1/meetings/{meeting_id}/amendments", ALL),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/amendments",
        MANAGERS,
        body=lambda t: {"changes": {"location": "Hội trường"}, "reason": "Ghi nhầm"},
    ),
    Endpoint("GET", "/api/v1/meetings/{meeting_id}/agenda", ALL),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/agenda",
        MANAGERS,
        body=lambda t: {"title": "Mục mới"},
    ),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/agenda/order",
        MANAGERS,
        body=lambda t: {"item_ids": [t["item_id"]]},
    ),
    Endpoint(
        "PATCH",
        "/api/v1/meetings/{meeting_id}/agenda/{item_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "title": "Khai mạc"},
    ),
    Endpoint("DELETE", "/api/v1/meetings/{meeting_id}/agenda/{item_id}", MANAGERS),
    Endpoint("GET", "/api/v1/meeting-norms", ALL, params=lambda t: {"unit_id": t["cell"]}),
    Endpoint("GET", "/api/v1/meeting-norms/versions", ALL, params=lambda t: {"unit_id": t["cell"]}),
    Endpoint(
        "POST",
        "/api/v1/meeting-norms",
        COMMITTEES,
        overrides=_HIDDEN_BELOW,
        body=lambda t: {
            "unit_id": t["base"],
            "effective_from": "2030-01-01",
            "rules": {"min_duration_minutes": 95},
        },
    ),
    Endpoint(
        "GET",
        "/api/v1/agenda-templates",
        ALL,
        params=lambda t: {"unit_id": t["cell"], "meeting_type": "regular"},
    ),
    Endpoint(
        "POST",
        "/api/v1/agenda-templates",
        COMMITTEES,
        overrides=_HIDDEN_BELOW,
        body=lambda t: {
            "unit_id": t["base"],
            "meeting_type": "committee",
            "items": [{"title": "Khai mạc", "kind": "opening"}],
        },
    ),
    Endpoint("GET", "/api/v1/units/{unit_id}/compliance", ALL, params=lambda t: {"year": 2030}),
]


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    code = "CB-NV" if scope == "in" else "CB-STC-VP"
    meeting = await make_meeting(session, code, start=datetime(2030, 5, 6, 1, 0, tzinfo=UTC))
    item = AgendaItem(
        meeting_id=meeting.id,
        position=1,
        title="Khai mạc",
        kind=AgendaItemKind.opening,
        planned_minutes=5,
    )
    session.add(item)
    await session.flush()
    ids.update({"meeting_id": meeting.id, "item_id": item.id})
