"""Foundation endpoints: accounts, units, members, committees, admissions, audit."""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.models import User
from chibo.demo import seed
from chibo.members.models import CommitteePosition, Exemption, Member, TemporaryTransfer
from chibo.units.models import Unit
from tests.helpers import member_named, unit_id
from tests.matrix import ALL, COMMITTEES, MANAGERS, Endpoint, Foreign


def _v(t: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1}


def _cell_version(t: dict[str, Any]) -> dict[str, Any]:
    return {"version": t["cell_version"]}


def _account(t: dict[str, Any], member_id: int) -> dict[str, Any]:
    return {
        "username": "moi.taikhoan",
        "full_name": "Tài khoản mới",
        "password": "Mat-khau-moi-2024",
        "role": "member",
        "unit_id": t["cell"],
        "member_id": member_id,
    }


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
    Endpoint(
        "POST",
        "/api/v1/auth/logout",
        ALL,
        scoped=False,
        status=204,
    ),
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
        status=204,
    ),
    Endpoint(
        "GET",
        "/api/v1/users",
        COMMITTEES,
        gated=True,
        scoped=False,
        foreign=(Foreign("unit_id", "cell", params=lambda t: {"unit_id": t["cell"]}),),
    ),
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
        foreign=(
            Foreign("unit_id", "cell"),
            Foreign("member_id", "plain_member", body=lambda t: _account(t, t["plain_member"])),
        ),
        status=201,
    ),
    Endpoint("GET", "/api/v1/users/{user_id}", COMMITTEES, gated=True),
    Endpoint(
        "PATCH",
        "/api/v1/users/{user_id}",
        COMMITTEES,
        gated=True,
        body=lambda t: {"version": 1, "full_name": "Tên mới"},
        foreign=(
            Foreign("unit_id", "cell", body=lambda t: {"version": 1, "unit_id": t["cell"]}),
            Foreign(
                "member_id",
                "plain_member",
                body=lambda t: {"version": 1, "member_id": t["plain_member"]},
            ),
        ),
    ),
    Endpoint(
        "POST",
        "/api/v1/users/{user_id}/reset-password",
        COMMITTEES,
        gated=True,
        body=lambda t: {"version": 1, "new_password": "Mat-khau-moi-2024"},
    ),
    Endpoint("POST", "/api/v1/users/{user_id}/unlock", COMMITTEES, gated=True),
    Endpoint(
        "GET",
        "/api/v1/units",
        ALL,
        scoped=False,
        foreign=(Foreign("parent_id", "cell", params=lambda t: {"parent_id": t["cell"]}),),
    ),
    Endpoint(
        "POST",
        "/api/v1/units",
        COMMITTEES,
        body=lambda t: {"parent_id": t["cell"], "kind": "group", "name": "Tổ mới"},
        foreign=(Foreign("parent_id", "cell"),),
        status=201,
    ),
    Endpoint("GET", "/api/v1/units/alerts/understaffed", ALL, scoped=False),
    Endpoint("GET", "/api/v1/units/{unit_id}", ALL),
    Endpoint(
        "PATCH",
        "/api/v1/units/{unit_id}",
        COMMITTEES,
        body=lambda t: {"version": t["cell_version"], "name": "Tên mới"},
    ),
    Endpoint(
        "DELETE",
        "/api/v1/units/{unit_id}",
        COMMITTEES,
        outcomes=(("*", "*", 409, "unit_has_history"),),
    ),
    Endpoint(
        "POST",
        "/api/v1/units/{unit_id}/move",
        COMMITTEES,
        body=lambda t: {"version": t["cell_version"], "parent_id": t["base"]},
        foreign=(Foreign("parent_id", "base"),),
    ),
    Endpoint(
        "POST",
        "/api/v1/units/{unit_id}/archive",
        COMMITTEES,
        body=_cell_version,
        # The cell still carries members.
        outcomes=(("*", "*", 409, "unit_has_active_members"),),
    ),
    Endpoint(
        "POST",
        "/api/v1/units/{unit_id}/restore",
        COMMITTEES,
        body=_cell_version,
    ),
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
        foreign=(Foreign("member_id", "member_id"),),
        status=201,
        # Out of scope the member is the cell's secretary, already seated.
        outcomes=(("*", "out", 409, "member_already_seated"),),
    ),
    Endpoint(
        "PATCH",
        "/api/v1/committee-positions/{position_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "term_label": "2020-2025"},
    ),
    Endpoint(
        "GET",
        "/api/v1/members",
        ALL,
        scoped=False,
        foreign=(Foreign("unit_id", "cell", params=lambda t: {"unit_id": t["cell"]}),),
    ),
    Endpoint(
        "POST",
        "/api/v1/members",
        MANAGERS,
        body=lambda t: {"unit_id": t["cell"], "full_name": "Nguyễn Văn Mới", "status": "official"},
        foreign=(
            Foreign("unit_id", "cell"),
            # A cell stands for a group here: the answer is that of a group of another cell.
            Foreign(
                "group_id",
                "other_cell",
                body=lambda t: {
                    "unit_id": t["cell"],
                    "group_id": t["other_cell"],
                    "full_name": "Nguyễn Văn Mới",
                    "status": "official",
                },
            ),
        ),
        status=201,
    ),
    Endpoint("GET", "/api/v1/members/alerts/probation-due", ALL, scoped=False),
    Endpoint("GET", "/api/v1/members/{member_id}", ALL),
    Endpoint(
        "PATCH",
        "/api/v1/members/{member_id}",
        MANAGERS,
        body=lambda t: {"version": 1, "job_title": "Chuyên viên"},
        foreign=(
            Foreign(
                "group_id", "other_cell", body=lambda t: {"version": 1, "group_id": t["other_cell"]}
            ),
        ),
    ),
    Endpoint("GET", "/api/v1/members/{member_id}/history", ALL),
    Endpoint("GET", "/api/v1/members/{member_id}/official-status", ALL),
    # The cell's secretary proposes; the base committee or a committee above decides (the
    # targets are official members: allowed callers meet 409 already_official).
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/official-proposals",
        frozenset({"bithu.noivu"}),
        body=lambda t: {"cell_vote_on": "2024-01-02", "cell_resolution_ref": "01-NQ/CB"},
        status=201,
        # The matrix's member is official already (tests/test_official.py walks the success).
        outcomes=(("*", "*", 409, "already_official"),),
    ),
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/official-decision",
        frozenset({"khoi", "dangbo.noivu"}),
        body=lambda t: {
            "version": 1,
            "approved": True,
            "decided_on": "2024-01-03",
            "decision_ref": "1-QĐ/ĐU",
            "official_date": "2024-01-01",
        },
        outcomes=(("*", "*", 409, "already_official"),),
    ),
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/transfer",
        MANAGERS,
        body=lambda t: {"version": 1, "to_unit_id": t["cell"], "transfer_date": "2024-01-01"},
        foreign=(Foreign("to_unit_id", "cell"),),
        outcomes=(("*", "*", 422, "same_cell"),),
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
        status=201,
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
        foreign=(Foreign("host_unit_id", "other_cell"),),
        status=201,
    ),
    Endpoint(
        "POST",
        "/api/v1/members/{member_id}/temporary-transfers/{transfer_id}/end",
        MANAGERS,
        body=lambda t: {"version": 1, "end_date": "2024-12-31"},
    ),
    Endpoint(
        "GET",
        "/api/v1/audit",
        COMMITTEES,
        gated=True,
        scoped=False,
        foreign=(
            Foreign("actor_user_id", "user_id", params=lambda t: {"actor_user_id": t["user_id"]}),
            Foreign("entity_id", "member_id", params=lambda t: {"entity_id": t["member_id"]}),
        ),
    ),
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
            "cell_version": await session.scalar(select(Unit.version).where(Unit.id == cell_id)),
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
