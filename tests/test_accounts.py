"""Account management: who may see and change which accounts, role rules, stale writes."""

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.models import AuditEntry
from chibo.auth.models import User
from chibo.demo.seed import DEMO_PASSWORD
from chibo.members.models import Member, MemberState
from chibo.units.models import Unit

USERS = "/api/v1/users"
LOGIN = "/api/v1/auth/login"
ME = "/api/v1/auth/me"
NEW_PASSWORD = "Mat-khau-2024!"

Login = Callable[..., Awaitable[dict[str, str]]]


async def unit_id(session: AsyncSession, code: str) -> int:
    found = await session.scalar(select(Unit.id).where(Unit.code == code))
    assert found is not None, code
    return found


async def user_id(session: AsyncSession, username: str) -> int:
    found = await session.scalar(select(User.id).where(User.username == username))
    assert found is not None, username
    return found


async def free_member(session: AsyncSession, cell_code: str) -> int:
    """A member on the rolls of the cell that no account is linked to."""
    linked = select(User.member_id).where(User.member_id.is_not(None))
    found = await session.scalar(
        select(Member.id)
        .join(Unit, Unit.id == Member.unit_id)
        .where(
            Unit.code == cell_code,
            Member.state == MemberState.active,
            Member.id.not_in(linked),
        )
        .order_by(Member.id)
        .limit(1)
    )
    assert found is not None
    return found


async def sign_in(
    client: httpx.AsyncClient, username: str, password: str = DEMO_PASSWORD
) -> dict[str, str]:
    response = await client.post(LOGIN, json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def new_account(unit: int, **overrides: Any) -> dict[str, Any]:
    return {
        "username": "phobithu.noivu",
        "full_name": "Nguyễn Thị Mai",
        "email": "mai@noivu.example",
        "password": NEW_PASSWORD,
        "role": "cell_secretary",
        "unit_id": unit,
        **overrides,
    }


async def all_usernames(client: httpx.AsyncClient, headers: dict[str, str]) -> list[str]:
    response = await client.get(USERS, params={"limit": 200}, headers=headers)
    assert response.status_code == 200, response.text
    return [u["username"] for u in response.json()["items"]]


# --- reading -------------------------------------------------------------------------------


async def test_accounts_are_listed_within_the_subtree(
    client: httpx.AsyncClient, login: Login
) -> None:
    base = await all_usernames(client, await login("dangbo.noivu"))
    assert set(base) == {
        "dangbo.noivu", "bithu.noivu", "bithu.thiduakhenthuong", "bithu.tongiao",
        "bithu.luutru", "dangvien.noivu",
    }  # fmt: skip
    superior = await all_usernames(client, await login("khoi"))
    assert {"khoi", "admin", "dangbo.noivu", "bithu.taichinh"} <= set(superior)
    everyone = await all_usernames(client, await login("admin"))
    assert set(superior) <= set(everyone)


async def test_cell_secretaries_and_members_cannot_manage_accounts(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    cell = await unit_id(session, "CB-NV")
    target = await user_id(session, "dangvien.noivu")
    for username in ("bithu.noivu", "dangvien.noivu"):
        headers = await login(username)
        assert (await client.get(USERS, headers=headers)).status_code == 403
        assert (await client.get(f"{USERS}/{target}", headers=headers)).status_code == 403
        created = await client.post(USERS, json=new_account(cell, role="member"), headers=headers)
        assert created.status_code == 403
        assert created.json()["error"]["code"] == "forbidden"
        patched = await client.patch(
            f"{USERS}/{target}", json={"version": 1, "full_name": "X"}, headers=headers
        )
        assert patched.status_code == 403
    assert (await client.get(USERS)).status_code == 401


async def test_accounts_outside_the_subtree_do_not_exist(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    outsider = await user_id(session, "bithu.taichinh")
    for response in (
        await client.get(f"{USERS}/{outsider}", headers=headers),
        await client.patch(
            f"{USERS}/{outsider}", json={"version": 1, "active": False}, headers=headers
        ),
        await client.post(
            f"{USERS}/{outsider}/reset-password",
            json={"version": 1, "new_password": NEW_PASSWORD},
            headers=headers,
        ),
        await client.post(f"{USERS}/{outsider}/unlock", headers=headers),
        await client.get(f"{USERS}/999999", headers=headers),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    # Nothing changed out there.
    await sign_in(client, "bithu.taichinh")


async def test_list_filters_and_keyset_pagination(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("admin")
    everyone = await all_usernames(client, headers)
    seen: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(USERS, params=params, headers=headers)).json()
        assert len(page["items"]) <= 2
        seen.extend(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    ids = [u["id"] for u in seen]
    assert ids == sorted(ids)
    assert [u["username"] for u in seen] == everyone

    secretaries = await client.get(USERS, params={"role": "cell_secretary"}, headers=headers)
    assert {u["role"] for u in secretaries.json()["items"]} == {"cell_secretary"}
    assert len(secretaries.json()["items"]) == 5

    cell = await unit_id(session, "CB-NV")
    in_cell = (await client.get(USERS, params={"unit_id": cell}, headers=headers)).json()
    assert {u["username"] for u in in_cell["items"]} == {"bithu.noivu", "dangvien.noivu"}
    assert all(u["unit_name"] == "Chi bộ Nội vụ" for u in in_cell["items"])

    by_q = (await client.get(USERS, params={"q": "BITHU.T"}, headers=headers)).json()
    assert {u["username"] for u in by_q["items"]} == {
        "bithu.thiduakhenthuong", "bithu.tongiao", "bithu.taichinh",
    }  # fmt: skip
    by_name = (await client.get(USERS, params={"q": "Đảng ủy Sở"}, headers=headers)).json()
    assert [u["username"] for u in by_name["items"]] == ["dangbo.noivu"]

    bad_limit = await client.get(USERS, params={"limit": 201}, headers=headers)
    assert bad_limit.status_code == 422


async def test_get_carries_an_etag_and_no_secret(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    target = await user_id(session, "bithu.noivu")
    response = await client.get(f"{USERS}/{target}", headers=await login("dangbo.noivu"))
    assert response.status_code == 200
    body = response.json()
    assert response.headers["etag"] == f'W/"{body["version"]}"'
    assert body["unit_name"] == "Chi bộ Nội vụ"
    assert "password_hash" not in body
    assert "$argon2" not in response.text


# --- creating ------------------------------------------------------------------------------


async def test_base_committee_creates_an_account_in_its_cell(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    cell = await unit_id(session, "CB-NV")
    member = await free_member(session, "CB-NV")
    response = await client.post(
        USERS,
        json=new_account(cell, username="PhoBiThu.NoiVu", member_id=member),
        headers=await login("dangbo.noivu"),
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["username"] == "phobithu.noivu"
    assert body["member_id"] == member
    assert body["version"] == 1
    assert "password_hash" not in body

    entry = await session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "user.create", AuditEntry.entity_id == str(body["id"])
        )
    )
    assert entry is not None and entry.after is not None
    assert entry.actor_username == "dangbo.noivu"
    assert "password_hash" not in entry.after
    assert NEW_PASSWORD not in json.dumps(entry.after)

    headers = await sign_in(client, "phobithu.noivu", NEW_PASSWORD)
    me = (await client.get(ME, headers=headers)).json()
    assert me["role"] == "cell_secretary" and me["unit_id"] == cell


async def test_role_rules_on_create(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    cell = await unit_id(session, "CB-NV")
    base = await unit_id(session, "DB-SNV")
    superior = await unit_id(session, "DUK-HT")
    outside_cell = await unit_id(session, "CB-STC-VP")

    async def attempt(**fields: Any) -> tuple[int, str]:
        response = await client.post(USERS, json=new_account(cell, **fields), headers=headers)
        return response.status_code, response.json()["error"]["code"]

    assert await attempt(role="admin", unit_id=base) == (403, "role_not_grantable")
    assert await attempt(role="superior_committee", unit_id=superior) == (
        403, "role_not_grantable",
    )  # fmt: skip
    assert await attempt(role="base_committee", unit_id=cell) == (422, "role_unit_mismatch")
    assert await attempt(role="member", unit_id=base) == (422, "role_unit_mismatch")
    assert await attempt(unit_id=superior) == (404, "unit_not_found")
    assert await attempt(unit_id=outside_cell) == (404, "unit_not_found")
    assert await attempt(username="BiThu.NoiVu") == (409, "username_taken")
    assert await attempt(password="short") == (422, "weak_password")
    assert await attempt(password="phobithu.noivu") == (422, "weak_password")

    linked = await session.scalar(select(User.member_id).where(User.username == "dangvien.noivu"))
    assert await attempt(role="member", member_id=linked) == (409, "member_already_linked")
    elsewhere = await free_member(session, "CB-BTG")
    assert await attempt(role="member", member_id=elsewhere) == (422, "member_not_in_unit")
    malformed = await client.post(
        USERS, json=new_account(cell, username="has space"), headers=headers
    )
    assert malformed.status_code == 422
    assert malformed.json()["error"]["code"] == "validation_error"

    # A base committee may grant its own rank within its unit.
    ok = await client.post(
        USERS,
        json=new_account(base, username="vanphong.noivu", role="base_committee"),
        headers=headers,
    )
    assert ok.status_code == 201, ok.text
    count = await session.scalar(select(User.id).where(User.username == "phobithu.noivu"))
    assert count is None  # none of the refused attempts left an account behind


async def test_only_admins_grant_admin(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    cell = await unit_id(session, "CB-BTG")
    refused = await client.post(
        USERS, json=new_account(cell, role="admin"), headers=await login("khoi")
    )
    assert refused.status_code == 403
    created = await client.post(
        USERS, json=new_account(cell, role="admin"), headers=await login("admin")
    )
    assert created.status_code == 201, created.text
    assert created.json()["role"] == "admin"


# --- updating ------------------------------------------------------------------------------


async def test_update_with_version_and_if_match(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    target = await user_id(session, "bithu.tongiao")
    url = f"{USERS}/{target}"
    current = await client.get(url, headers=headers)
    version = current.json()["version"]

    changed = await client.patch(
        url, json={"version": version, "full_name": "Đoàn Minh Châu (Bí thư)"}, headers=headers
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] == version + 1
    assert changed.headers["etag"] == f'W/"{version + 1}"'

    stale = await client.patch(
        url, json={"version": version, "full_name": "Overwritten"}, headers=headers
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"

    mismatch = await client.patch(
        url,
        json={"email": "x@example.com"},
        headers={**headers, "If-Match": current.headers["etag"]},
    )
    assert mismatch.status_code == 412
    assert mismatch.json()["error"]["code"] == "precondition_failed"

    missing = await client.patch(url, json={"full_name": "No version"}, headers=headers)
    assert missing.status_code == 422

    after = (await client.get(url, headers=headers)).json()
    assert after["full_name"] == "Đoàn Minh Châu (Bí thư)"
    assert after["email"] != "x@example.com"
    assert after["version"] == version + 1

    matched = await client.patch(
        url,
        json={"email": "chau@noivu.example"},
        headers={**headers, "If-Match": changed.headers["etag"]},
    )
    assert matched.status_code == 200
    assert matched.json()["email"] == "chau@noivu.example"

    entry = await session.scalar(
        select(AuditEntry)
        .where(AuditEntry.action == "user.update", AuditEntry.entity_id == str(target))
        .order_by(AuditEntry.id)
    )
    assert entry is not None and entry.before is not None and entry.after is not None
    assert entry.before["full_name"] == "Đoàn Minh Châu"
    assert "password_hash" not in entry.before


async def test_deactivating_signs_the_account_out(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    victim = await sign_in(client, "bithu.luutru")
    assert (await client.get(ME, headers=victim)).status_code == 200
    target = await user_id(session, "bithu.luutru")
    response = await client.patch(
        f"{USERS}/{target}",
        json={"version": 1, "active": False},
        headers=await login("dangbo.noivu"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["active"] is False
    assert (await client.get(ME, headers=victim)).status_code == 401
    login_again = await client.post(
        LOGIN, json={"username": "bithu.luutru", "password": DEMO_PASSWORD}
    )
    assert login_again.status_code == 401


async def test_role_and_unit_changes_follow_the_rules(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    target = await user_id(session, "dangvien.noivu")
    url = f"{USERS}/{target}"
    other_cell = await unit_id(session, "CB-TDKT")
    outside = await unit_id(session, "CB-STC-VP")

    promote = await client.patch(
        url, json={"version": 1, "role": "superior_committee"}, headers=headers
    )
    assert promote.status_code == 403
    misfit = await client.patch(url, json={"version": 1, "role": "base_committee"}, headers=headers)
    assert misfit.status_code == 422
    assert misfit.json()["error"]["code"] == "role_unit_mismatch"
    away = await client.patch(url, json={"version": 1, "unit_id": outside}, headers=headers)
    assert away.status_code == 404
    # The linked member is on the rolls of Chi bộ Nội vụ, not of the new cell.
    moved = await client.patch(url, json={"version": 1, "unit_id": other_cell}, headers=headers)
    assert moved.status_code == 422
    assert moved.json()["error"]["code"] == "member_not_in_unit"

    member_session = await sign_in(client, "dangvien.noivu")
    moved = await client.patch(
        url, json={"version": 1, "unit_id": other_cell, "member_id": None}, headers=headers
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["unit_id"] == other_cell
    # Its permissions changed: its sessions end.
    assert (await client.get(ME, headers=member_session)).status_code == 401


async def test_nobody_deactivates_or_demotes_themselves(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    me = (await client.get(ME, headers=headers)).json()
    url = f"{USERS}/{me['id']}"
    off = await client.patch(url, json={"version": me["version"], "active": False}, headers=headers)
    assert off.status_code == 422
    assert off.json()["error"]["code"] == "cannot_deactivate_self"
    cell = await unit_id(session, "CB-NV")
    demote = await client.patch(
        url,
        json={"version": me["version"], "role": "cell_secretary", "unit_id": cell},
        headers=headers,
    )
    assert demote.status_code == 422
    assert demote.json()["error"]["code"] == "cannot_demote_self"
    rename = await client.patch(
        url, json={"version": me["version"], "full_name": "Văn phòng Đảng ủy"}, headers=headers
    )
    assert rename.status_code == 200
    assert (await client.get(ME, headers=headers)).status_code == 200


async def test_higher_accounts_in_scope_are_read_only(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("khoi")
    admin = await user_id(session, "admin")
    assert (await client.get(f"{USERS}/{admin}", headers=headers)).status_code == 200
    response = await client.patch(
        f"{USERS}/{admin}", json={"version": 1, "active": False}, headers=headers
    )
    assert response.status_code == 403
    reset = await client.post(
        f"{USERS}/{admin}/reset-password",
        json={"version": 1, "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert reset.status_code == 403


# --- passwords and locks -------------------------------------------------------------------


async def test_reset_password_signs_out_and_replaces_the_password(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    victim = await sign_in(client, "bithu.thiduakhenthuong")
    target = await user_id(session, "bithu.thiduakhenthuong")
    url = f"{USERS}/{target}/reset-password"

    stale = await client.post(
        url, json={"version": 7, "new_password": NEW_PASSWORD}, headers=headers
    )
    assert stale.status_code == 409
    weak = await client.post(url, json={"version": 1, "new_password": "1234"}, headers=headers)
    assert weak.status_code == 422
    assert weak.json()["error"]["code"] == "weak_password"
    assert (await client.get(ME, headers=victim)).status_code == 200

    done = await client.post(
        url, json={"version": 1, "new_password": NEW_PASSWORD}, headers=headers
    )
    assert done.status_code == 200, done.text
    assert done.json()["version"] == 2
    assert done.json()["password_changed_at"] is not None
    assert (await client.get(ME, headers=victim)).status_code == 401
    old = await client.post(
        LOGIN, json={"username": "bithu.thiduakhenthuong", "password": DEMO_PASSWORD}
    )
    assert old.status_code == 401
    await sign_in(client, "bithu.thiduakhenthuong", NEW_PASSWORD)

    me = (await client.get(ME, headers=headers)).json()
    own = await client.post(
        f"{USERS}/{me['id']}/reset-password",
        json={"version": me["version"], "new_password": NEW_PASSWORD},
        headers=headers,
    )
    assert own.status_code == 422
    assert own.json()["error"]["code"] == "use_password_change"


async def test_unlock_lifts_a_lock(
    client: httpx.AsyncClient, login: Login, session: AsyncSession
) -> None:
    for _ in range(5):
        await client.post(LOGIN, json={"username": "bithu.tongiao", "password": "wrong-wrong"})
    locked = await client.post(LOGIN, json={"username": "bithu.tongiao", "password": DEMO_PASSWORD})
    # This address and username wait too (tests/test_login_throttle.py); the unlock lifts both.
    assert locked.status_code == 429

    headers = await login("dangbo.noivu")
    target = await user_id(session, "bithu.tongiao")
    shown = (await client.get(f"{USERS}/{target}", headers=headers)).json()
    assert shown["locked"] is True
    # Sign-in bookkeeping is not an edit: the version did not move.
    assert shown["version"] == 1

    unlocked = await client.post(f"{USERS}/{target}/unlock", headers=headers)
    assert unlocked.status_code == 200
    assert unlocked.json()["locked"] is False
    assert unlocked.json()["locked_until"] is None
    await sign_in(client, "bithu.tongiao")
    assert (
        await session.scalar(
            select(AuditEntry.id).where(
                AuditEntry.action == "user.unlock", AuditEntry.entity_id == str(target)
            )
        )
    ) is not None
