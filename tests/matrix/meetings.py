"""Meetings endpoints: planning, lifecycle, agenda, amendments, norms, templates, compliance."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.meetings.models import AgendaItem, AgendaItemKind, MeetingType, ThematicTopic
from tests.factories import make_meeting
from tests.matrix import ALL, COMMITTEES, MANAGERS, Endpoint, Foreign

START = "2030-06-03T01:00:00+00:00"
# A secretary or member sees no committee above its cell: a committee named in the body is
# hidden from them.
_HIDDEN_BELOW = (("bithu.noivu", "in", "hidden"), ("dangvien.noivu", "in", "hidden"))


def _v(t: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1}


def _new(t: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "unit_id": t["cell"],
        "meeting_type": "extraordinary",
        "planned_start": START,
        **extra,
    }


# The people and links a meeting names: (field, key of the targets).
_LINKS = (
    ("chair_member_id", "member_id"),
    ("minute_taker_member_id", "member_id"),
    ("follower_member_id", "member_id"),
    ("thematic_topic_id", "meeting_topic_id"),
    ("preparation_meeting_id", "committee_meeting_id"),
)


def _link(field: str, key: str, patch: bool) -> Foreign:
    if patch:
        return Foreign(field, key, body=lambda t: {"version": 1, field: t[key]})
    return Foreign(field, key, body=lambda t: _new(t, **{field: t[key]}))


ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "GET",
        "/api/v1/meetings",
        ALL,
        scoped=False,
        foreign=(Foreign("unit_id", "cell", params=lambda t: {"unit_id": t["cell"]}),),
    ),
    Endpoint(
        "POST",
        "/api/v1/meetings",
        MANAGERS,
        body=_new,
        foreign=(
            Foreign("unit_id", "cell"),
            *(_link(field, key, patch=False) for field, key in _LINKS),
        ),
        status=201,
    ),
    Endpoint(
        "POST",
        "/api/v1/meetings/generate-year",
        MANAGERS,
        body=lambda t: {"unit_id": t["cell"], "year": 2031},
        foreign=(Foreign("unit_id", "cell"),),
        status=201,
    ),
    Endpoint("GET", "/api/v1/meetings/{meeting_id}", ALL),
    Endpoint(
        "PATCH",
        "/api/v1/meetings/{meeting_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "location": "Phòng họp"},
        foreign=tuple(_link(field, key, patch=True) for field, key in _LINKS),
    ),
    Endpoint("POST", "/api/v1/meetings/{meeting_id}/announce", MANAGERS, body=_v),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/start",
        MANAGERS,
        body=_v,
        outcomes=(("*", "*", 409, "meeting_wrong_status"),),
    ),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/end",
        MANAGERS,
        body=_v,
        outcomes=(("*", "*", 409, "meeting_wrong_status"),),
    ),
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
        status=201,
        outcomes=(("*", "*", 409, "meeting_wrong_status"),),
    ),
    Endpoint("GET", "/api/v1/meetings/{meeting_id}/agenda", ALL),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/agenda",
        MANAGERS,
        body=lambda t: {"title": "Mục mới"},
        foreign=(
            Foreign(
                "presenter_member_id",
                "member_id",
                body=lambda t: {"title": "Mục mới", "presenter_member_id": t["member_id"]},
            ),
        ),
        status=201,
    ),
    Endpoint(
        "POST",
        "/api/v1/meetings/{meeting_id}/agenda/order",
        MANAGERS,
        body=lambda t: {"item_ids": [t["item_id"]]},
        foreign=(Foreign("item_ids", "item_id"),),
    ),
    Endpoint(
        "PATCH",
        "/api/v1/meetings/{meeting_id}/agenda/{item_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "title": "Khai mạc"},
        foreign=(
            Foreign(
                "presenter_member_id",
                "member_id",
                body=lambda t: {"version": 1, "presenter_member_id": t["member_id"]},
            ),
        ),
    ),
    Endpoint("DELETE", "/api/v1/meetings/{meeting_id}/agenda/{item_id}", MANAGERS),
    Endpoint(
        "GET",
        "/api/v1/meeting-norms",
        ALL,
        params=lambda t: {"unit_id": t["cell"]},
        foreign=(Foreign("unit_id", "cell"),),
    ),
    Endpoint(
        "GET",
        "/api/v1/meeting-norms/versions",
        ALL,
        params=lambda t: {"unit_id": t["cell"]},
        foreign=(Foreign("unit_id", "cell"),),
    ),
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
        foreign=(Foreign("unit_id", "base"),),
        status=201,
    ),
    Endpoint(
        "GET",
        "/api/v1/agenda-templates",
        ALL,
        params=lambda t: {"unit_id": t["cell"], "meeting_type": "regular"},
        foreign=(Foreign("unit_id", "cell"),),
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
        foreign=(Foreign("unit_id", "base"),),
        status=201,
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
    committee = await make_meeting(
        session,
        code,
        meeting_type=MeetingType.committee,
        start=datetime(2030, 5, 5, 1, 0, tzinfo=UTC),
        title="Họp chi ủy",
    )
    topic = ThematicTopic(unit_id=meeting.unit_id, year=2030, quarter=2, title="Chuyên đề quý II")
    session.add_all([item, topic])
    await session.flush()
    ids.update(
        {
            "meeting_id": meeting.id,
            "item_id": item.id,
            "committee_meeting_id": committee.id,
            "meeting_topic_id": topic.id,
        }
    )
