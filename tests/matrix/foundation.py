"""Foundation endpoints: accounts, units, members, committees, admissions, audit."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.models import User
from chibo.demo import seed
from chibo.members.models import CommitteePosition, Exemption, Member, TemporaryTransfer
from tests.helpers import member_named, unit_id
from tests.matrix import ALL, COMMITTEES, MANAGERS, Endpoint


def _v(t: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1}


ENDPOINTS: list[Endpoint] = [
    Endpoint(
        "POST",
        "/api/v1/auth/login",
        ALL,
        scoped=False,
        public=True,
        body=lambda t: {"username": "admin", "password": seed.DEMO_PASSWORD},
    ),
    Endpoint(
        "POST",
        "/api/v1/auth/refresh",
        ALL,
        scoped=False,
        public=True,
        body=lambda t: {"refresh_token": "not-a-token"},
    ),
    Endpoint("POST", "/api/v1/auth/logout", ALL, scoped=False),
    Endpoint("GET", "/api/v1/auth/me", ALL, scoped=False),
    Endpoint(
        "POST",
        "/api/v1/auth/password",
        ALL,
        scoped=False,
        body=lambda t: {
            "current_password": seed.DEMO_PASSWORD,
            "new_password": "Mat-khau-moi-2024",
        },
    ),
    Endpoint("GET", "/api/v1/users", COMMITTEES, gated=True, scoped=False),
    Endpoint(
        "POST",
        "/api/v1/users",
        COMMITTEES,
        gated=True,
        body=lambda t: {
            "username": "moi.taikhoan",
            "full_name": "Tài khoản mới",
            "password": "Mat-khau-moi-2024",
            "role": "member",
            "unit_id": t["cell"],
        },
    ),
    Endpoint("GET", "/api/v1/users/{user_id}", COMMITTEES, gated=True),
    Endpoint(
        "PATCH",
        "/api/v1/users/{user_id}",
        COMMITTEES,
        gated=True,
        body=lambda t: {"version": 1, "full_name": "Tên mới"},
    ),
    Endpoint(
        "POST",
        "/api/v1/users/{user_id}/reset-password",
        COMMITTEES,
        gated=True,
        body=lambda t: {"version": 1, "new_password": "Mat-khau-moi-2024"},
    ),
    Endpoint("POST", "/api/v1/users/{user_id}/unlock", COMMITTEES, gated=True),
    Endpoint("GET", "/api/v1/units", ALL, scoped=False),
    Endpoint(
        "POST",
        "/api/v1/units",
        COMMITTEES,
        body=lambda t: {"parent_id": t["cell"], "kind": "group", "name": "Tổ mới"},
    ),
    Endpoint("GET", "/api/v1/units/alerts/understaffed", ALL, scoped=False),
    Endpoint("GET", "/api/v1/units/{unit_id}", ALL),
    Endpoint(
        "PATCH",
        "/api/v1/units/{unit_id}",
        COMMITTEES,
        body=lambda t: {"version": 1, "name": "Tên mới"},
    ),
    Endpoint("DELETE", "/api/v1/units/{unit_id}", COMMITTEES),
    Endpoint(
        "POST",
        "/api/v1/units/{unit_id}/move",
        COMMITTEES,
        body=lambda t: {"version": 1, "parent_id": t["base"]},
    ),
    Endpoint("POST", "/api/v1/units/{unit_id}/archive", COMMITTEES, body=_v),
    Endpoint("POST", "/api/v1/units/{unit_id}/restore", COMMITTEES, body=_v),
    Endpoint("GET", "/api/v1/units/{unit_id}/committee", ALL),
    Endpoint("GET", "/api/v1/units/{unit_id}/admissions", ALL),
    Endpoint(
        "POST",
        "/api/v1/units/{unit_id}/committee",
        MANAGERS,
        body=lambda t: {
            "member_id": t["member_id"],
            "position": "committee_member",
            "term_start": "2024-01-01",
        },
    ),
    Endpoint(
        "PATCH",
        "/api/v1/committee-positions/{position_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "term_label": "2020-2025"},
    ),
    Endpoint("GET", "/api/v1/members", ALL, scoped=False),
    Endpoint(
        "POST",
        "/api/v1/members",
        MANAGERS,
        body=lambda t: {"unit_id": t["cell"], "full_name": "Nguyễn Văn Mới", "status": "official"},
    ),
    Endpoint("GET", "/api/v1/members/alerts/probation-due", ALL, scoped=False),
    Endpoint("GET", "/api/v1/members/{member_id}", ALL),
    Endpoint(
        "PATCH",
        "/api/v1/members/{member_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "job_title": "Chuyên viên"},
    ),
    Endpoint("GET", "/api/v1/members/{member_id}/history", ALL),
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/make-official",
        MANAGERS,
        body=lambda t: {"version": 1, "official_date": "2024-01-01"},
    ),
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/transfer",
        MANAGERS,
        body=lambda t: {"version": 1, "to_unit_id": t["cell"], "transfer_date": "2024-01-01"},
    ),
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/leave",
        MANAGERS,
        body=lambda t: {"version": 1, "state": "removed", "left_on": "2024-01-01"},
    ),
    Endpoint("GET", "/api/v1/members/{member_id}/exemptions", ALL),
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/exemptions",
        MANAGERS,
        body=lambda t: {"start_date": "2024-01-01", "reason": "Ốm dài ngày"},
    ),
    Endpoint(
        "PATCH",
        "/api/v1/members/{member_id}/exemptions/{exemption_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "end_date": "2024-12-31"},
    ),
    Endpoint("GET", "/api/v1/members/{member_id}/temporary-transfers", ALL),
    # A secretary sees no other cell to send a member to: the host is hidden from it.
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/temporary-transfers",
        MANAGERS,
        body=lambda t: {"host_unit_id": t["other_cell"], "start_date": "2024-01-01"},
        overrides=(("bithu.noivu", "in", "hidden"),),
    ),
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/temporary-transfers/{transfer_id}/end",
        MANAGERS,
        body=lambda t: {"version": 1, "end_date": "2024-12-31"},
    ),
    Endpoint("GET", "/api/v1/audit", COMMITTEES, gated=True, scoped=False),
]


async def targets(session: AsyncSession, scope: str, ids: dict[str, Any]) -> None:
    """Ids of one object of each kind, in Chi bộ Nội vụ ("in") or Sở Tài chính ("out")."""
    if scope == "in":
        cell, other, base = seed.CELL_NOI_VU, seed.CELL_THI_DUA, seed.BASE_CODE
        member = await member_named(session, "Nguyễn Văn An")
        account = "bithu.noivu"
    else:
        cell, other, base = "CB-STC-VP", "CB-STC-NS", "DB-STC"
        member = await member_named(session, seed.SECRETARIES["CB-STC-VP"])
        account = "bithu.taichinh"
    cell_id = await unit_id(session, cell)
    other_id = await unit_id(session, other)
    exemption = Exemption(
        member_id=member.id, start_date=date(2023, 1, 1), end_date=date(2023, 3, 1), reason="Ốm"
    )
    transfer = TemporaryTransfer(
        member_id=member.id,
        home_unit_id=cell_id,
        host_unit_id=other_id,
        start_date=date(2022, 1, 1),
        end_date=date(2022, 6, 1),
    )
    session.add_all([exemption, transfer])
    await session.flush()
    position = (
        await session.scalars(
            select(CommitteePosition).where(CommitteePosition.unit_id == cell_id).limit(1)
        )
    ).one()
    user = (await session.scalars(select(User).where(User.username == account))).one()
    plain = (
        await session.scalars(
            select(Member)
            .where(Member.unit_id == cell_id, Member.id != member.id, Member.status == "official")
            .limit(1)
        )
    ).one()
    ids.update(
        {
            "cell": cell_id,
            "unit_id": cell_id,
            "other_cell": other_id,
            "base": await unit_id(session, base),
            "member_id": member.id,
            "exemption_id": exemption.id,
            "transfer_id": transfer.id,
            "position_id": position.id,
            "user_id": user.id,
            "plain_member": plain.id,
        }
    )
