"""Becoming official (issue 9, point 9; QĐ 294, point 4.2): the cell votes and its secretary
proposes, the base committee (or a committee above it) decides. The cell proposes within 30
working days after the 12 months of probation; the deadline, worked out here by hand, skips
weekends and the public holidays the norms list (30/4 and 1/5 by default).

The clock is moved to 2032 (`travel`), far from the demo's own probationary members.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.core.clock import travel, utcnow
from chibo.demo import seed
from chibo.members.models import OfficialProposal
from tests.helpers import audit_count, error_code, fresh_login, unit_id

API = "/api/v1/members"
VI = {"Accept-Language": "vi"}

# Admitted Thursday 10/04/2031: the 12 months are over on Saturday 10/04/2032. Working days
# from then: Mon 12/04 is the 1st; 12–16/04 → 5, 19–23/04 → 10, 26–29/04 → 14; Friday 30/04
# and Saturday 1/05 are holidays, then the weekend; 3–7/05 → 19, 10–14/05 → 24,
# 17–21/05 → 29; Monday 24/05/2032 is the 30th working day: the deadline.
# (Without the holidays it would be Friday 21/05/2032.)
ADMITTED_A = "2031-04-10"
ELIGIBLE_A = "2032-04-10"
DEADLINE_A = "2032-05-24"
# Admitted 02/06/2031: eligible Wednesday 02/06/2032 (1st working day); 2–4/06 → 3,
# 7–11/06 → 8, 14–18 → 13, 21–25 → 18, 28/06–2/07 → 23, 5–9/07 → 28, 12/07 → 29:
# Tuesday 13/07/2032 is the deadline (weekends only, no holiday in between).
ADMITTED_B = "2031-06-02"
ELIGIBLE_B = "2032-06-02"
DEADLINE_B = "2032-07-13"


@contextmanager
def on(day: str) -> Iterator[None]:
    """Move the clock to 10:00 in Hà Tĩnh on `day`."""
    year, month, dom = (int(part) for part in day.split("-"))
    with travel(datetime(year, month, dom, 3, 0, tzinfo=UTC) - utcnow()):
        yield


async def _member(
    client: httpx.AsyncClient, headers: dict[str, str], cell: int, name: str, admitted: str
) -> dict[str, Any]:
    created = await client.post(
        API,
        headers=headers,
        json={
            "unit_id": cell,
            "full_name": name,
            "status": "probationary",
            "admission_date": admitted,
        },
    )
    assert created.status_code == 201, created.text
    return dict(created.json())


async def _status(
    client: httpx.AsyncClient, headers: dict[str, str], member: dict[str, Any]
) -> dict[str, Any]:
    response = await client.get(f"{API}/{member['id']}/official-status", headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def _due(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = await client.get(f"{API}/alerts/probation-due", headers=headers)
    assert response.status_code == 200, response.text
    return {d["member"]["full_name"]: d for d in response.json()}


async def _proposals(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(OfficialProposal)) or 0)


A, B = "Nguyễn Thị Dự Bị", "Trần Văn Đúng Hạn"


async def test_the_cell_proposes_the_base_committee_decides(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    with on("2032-05-20"):
        secretary = await fresh_login(client, "bithu.noivu")
        committee = await fresh_login(client, "dangbo.noivu")
        a = await _member(client, secretary, cell, A, ADMITTED_A)
        b = await _member(client, secretary, cell, B, ADMITTED_B)

        status = await _status(client, secretary, a)
        assert (status["eligible_from"], status["deadline"]) == (ELIGIBLE_A, DEADLINE_A)
        assert status["working_days"] == 30 and status["overdue"] is False
        assert (status["can_propose"], status["can_decide"]) == (True, False)
        assert status["proposals"] == []
        by_committee = await _status(client, committee, a)
        assert (by_committee["can_propose"], by_committee["can_decide"]) == (False, False)
        status_b = await _status(client, secretary, b)
        assert (status_b["eligible_from"], status_b["deadline"]) == (ELIGIBLE_B, DEADLINE_B)
        assert status_b["can_propose"] is False  # not eligible before 02/06/2032

        # Bad input: each refused with its code, nothing stored.
        outsider = await fresh_login(client, "bithu.tongiao")
        stored, audited = await _proposals(session), await audit_count(session)
        vote = {"cell_vote_on": "2032-05-19", "cell_resolution_ref": "07-NQ/CB"}
        cases: list[tuple[dict[str, str], str, dict[str, Any], int, str]] = [
            (committee, a["id"], vote, 403, "forbidden"),
            (secretary, b["id"], vote, 422, "probation_not_complete"),
            (secretary, a["id"], {**vote, "cell_vote_on": "2032-04-09"}, 422,
             "probation_not_complete"),
            (secretary, a["id"], {**vote, "cell_vote_on": "2032-05-21"}, 422, "date_in_future"),
            (secretary, a["id"], {"cell_vote_on": "2032-05-19"}, 422, "validation_error"),
            (secretary, a["id"], {**vote, "cell_resolution_ref": " "}, 422, "validation_error"),
        ]  # fmt: skip
        for headers, member_id, body, code, name in cases:
            response = await client.post(
                f"{API}/{member_id}/official-proposals", headers={**headers, **VI}, json=body
            )
            assert (response.status_code, error_code(response)) == (code, name), body
            assert response.json()["error"]["message"]
        hidden = await client.post(
            f"{API}/{a['id']}/official-proposals", headers=outsider, json=vote
        )
        assert hidden.status_code == 404
        no_proposal = await client.post(
            f"{API}/{a['id']}/official-decision",
            headers=committee,
            json={"approved": True, "decided_on": "2032-05-20", "decision_ref": "25-QĐ/ĐU",
                  "official_date": ELIGIBLE_A},
        )  # fmt: skip
        assert no_proposal.status_code == 409 and error_code(no_proposal) == "no_open_proposal"
        assert await _proposals(session) == stored and await audit_count(session) == audited

        # Before the deadline: listed as due, not overdue.
        due = await _due(client, committee)
        assert (due[A]["deadline"], due[A]["overdue"], due[A]["proposal_status"]) == (
            DEADLINE_A,
            False,
            None,
        )
        assert B not in due

    # 25/05/2032: the deadline (24/05) has passed without a proposal: overdue.
    with on("2032-05-25"):
        committee = await fresh_login(client, "dangbo.noivu")
        secretary = await fresh_login(client, "bithu.noivu")
        assert (await _due(client, committee))[A]["overdue"] is True
        assert (await _due(client, secretary))[A]["overdue"] is True
        assert (await _status(client, secretary, a))["overdue"] is True

        proposed = await client.post(
            f"{API}/{a['id']}/official-proposals",
            headers=secretary,
            json={"cell_vote_on": "2032-05-25", "cell_resolution_ref": "07-NQ/CB"},
        )
        assert proposed.status_code == 201, proposed.text
        body = proposed.json()
        assert (body["status"], body["cell_resolution_ref"]) == ("proposed", "07-NQ/CB")
        again = await client.post(
            f"{API}/{a['id']}/official-proposals",
            headers=secretary,
            json={"cell_vote_on": "2032-05-25", "cell_resolution_ref": "08-NQ/CB"},
        )
        assert again.status_code == 409 and error_code(again) == "proposal_pending"
        # Proposed late: still named overdue; the committee decides next.
        due = (await _due(client, committee))[A]
        assert (due["overdue"], due["proposal_status"]) == (True, "proposed")
        status = await _status(client, committee, a)
        assert (status["can_propose"], status["can_decide"]) == (False, True)
        assert (await _status(client, secretary, a))["can_decide"] is False

        decision = {
            "version": body["version"],
            "approved": True,
            "decided_on": "2032-05-25",
            "decision_ref": "25-QĐ/ĐU",
            "official_date": ELIGIBLE_A,
        }
        url = f"{API}/{a['id']}/official-decision"
        stored, audited = await _proposals(session), await audit_count(session)
        bad: list[tuple[dict[str, str], dict[str, Any], int, str]] = [
            (secretary, decision, 403, "forbidden"),
            (committee, {**decision, "official_date": None}, 422, "official_date_required"),
            (committee, {**decision, "approved": False}, 422, "official_date_only_when_approved"),
            (committee, {**decision, "decided_on": "2032-05-24"}, 422, "decision_before_proposal"),
            (committee, {**decision, "decided_on": "2032-05-26"}, 422, "date_in_future"),
            (committee, {**decision, "official_date": "2032-04-09"}, 422,
             "probation_not_complete"),
            (committee, {**decision, "version": body["version"] + 1}, 409, "stale_version"),
        ]  # fmt: skip
        for headers, payload, code, name in bad:
            response = await client.post(url, headers=headers, json=payload)
            assert (response.status_code, error_code(response)) == (code, name), payload
        assert await audit_count(session) == audited
        assert (await _status(client, committee, a))["status"] == "probationary"

        decided = await client.post(url, headers=committee, json=decision)
        assert decided.status_code == 200, decided.text
        assert (decided.json()["status"], decided.json()["official_date"]) == (
            "approved",
            ELIGIBLE_A,
        )
        member = (await client.get(f"{API}/{a['id']}", headers=secretary)).json()
        assert (member["status"], member["official_date"]) == ("official", ELIGIBLE_A)
        assert A not in await _due(client, committee)
        final = await _status(client, committee, a)
        assert (final["deadline"], final["can_decide"], final["can_propose"]) == (
            None,
            False,
            False,
        )
        assert await _proposals(session) == stored

    # B: proposed on time (not overdue); the superior committee refuses; the cell may propose
    # again.
    with on("2032-06-03"):
        secretary = await fresh_login(client, "bithu.noivu")
        khoi = await fresh_login(client, "khoi")
        proposed = await client.post(
            f"{API}/{b['id']}/official-proposals",
            headers=secretary,
            json={"cell_vote_on": "2032-06-02", "cell_resolution_ref": "09-NQ/CB"},
        )
        assert proposed.status_code == 201, proposed.text
        due = (await _due(client, khoi))[B]
        assert (due["deadline"], due["overdue"], due["proposal_status"]) == (
            DEADLINE_B,
            False,
            "proposed",
        )
        refused = await client.post(
            f"{API}/{b['id']}/official-decision",
            headers=khoi,
            json={
                "version": proposed.json()["version"],
                "approved": False,
                "decided_on": "2032-06-03",
                "decision_ref": "3-QĐ/ĐUK",
            },
        )
        assert refused.status_code == 200, refused.text
        assert refused.json()["status"] == "rejected"
        status = await _status(client, secretary, b)
        assert status["status"] == "probationary" and status["can_propose"] is True
        assert [p["status"] for p in status["proposals"]] == ["rejected"]
