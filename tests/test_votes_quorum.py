"""Votes and quorum (issue 9, points 2 and 3) through the API, on both databases.

The voting base follows Quy định 294-QĐ/TW point 9.3.2: the official members convened, less
those temporarily attending another party organisation, less exempt members who are not
present. Thresholds and the quorum are norms data (version 2 of the defaults, migration 0013).
Every expected number below is worked out by hand in the comment beside it.

Rolls are arranged row by row in April–August 2035, months no demo data reaches."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus, BaseExclusion
from chibo.demo import seed
from chibo.meetings.models import Meeting, MeetingStatus
from chibo.meetings.norms import NormsRules
from chibo.members.models import Member, MemberState, MemberStatus
from chibo.minutes.models import Vote, VoteSubject
from tests.factories import make_meeting
from tests.helpers import error_code, member_named, unit_id

API = "/api/v1"
SECRETARY = "bithu.noivu"
LEFT_OUT = {seed.EXEMPT_MEMBER, "Hoàng Văn Quý", "Trần Thị Minh Nguyệt"}


def month(n: int) -> datetime:
    """08:00 in Hà Tĩnh on the 2nd of month n of 2035."""
    return datetime(2035, n, 2, 1, 0, tzinfo=UTC)


def url(meeting: Meeting, suffix: str = "") -> str:
    return f"{API}/meetings/{meeting.id}{suffix}"


def ballot(votes_for: int, against: int = 0, abstain: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "subject": "resolution",
        "title": "Biểu quyết",
        "votes_for": votes_for,
        "votes_against": against,
        "votes_abstain": abstain,
        **extra,
    }


async def officials(session: AsyncSession) -> list[Member]:
    """Official members of Chi bộ Nội vụ with nothing that leaves them out of the base."""
    cell = await unit_id(session, seed.CELL_NOI_VU)
    members = (
        await session.scalars(
            select(Member)
            .where(
                Member.unit_id == cell,
                Member.status == MemberStatus.official,
                Member.state == MemberState.active,
                or_(Member.official_date.is_(None), Member.official_date <= month(1).date()),
            )
            .order_by(Member.id)
        )
    ).all()
    return [m for m in members if m.full_name not in LEFT_OUT]


async def probationers(session: AsyncSession) -> list[Member]:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    query = select(Member).where(
        Member.unit_id == cell,
        Member.status == MemberStatus.probationary,
        Member.state == MemberState.active,
    )
    return list((await session.scalars(query.order_by(Member.id))).all())


def row(
    meeting: Meeting,
    member: Member,
    status: AttendanceStatus | None,
    excluded: BaseExclusion | None = None,
) -> Attendance:
    return Attendance(
        meeting_id=meeting.id,
        member_id=member.id,
        status=status,
        reason="Đi công tác" if status is AttendanceStatus.excused else None,
        excluded_from_base=excluded,
    )


async def roll_of(
    session: AsyncSession,
    n: int,
    *,
    present: int,
    absent: int = 0,
    probationary_present: int = 0,
) -> tuple[Meeting, list[Member]]:
    """A meeting in progress in month n: `present` officials present, `absent` officials
    excused (they stay in the base), and probationary members present (never in it)."""
    meeting = await make_meeting(
        session, seed.CELL_NOI_VU, status=MeetingStatus.in_progress, start=month(n)
    )
    people = (await officials(session))[: present + absent]
    assert len(people) == present + absent
    for index, member in enumerate(people):
        status = AttendanceStatus.present if index < present else AttendanceStatus.excused
        session.add(row(meeting, member, status))
    # The cell's probationary member, then officials recognised only after the meeting's day
    # (probationary on that day) from the other end of the list.
    juniors = (await probationers(session))[:probationary_present]
    spare = (await officials(session))[present + absent :]
    while len(juniors) < probationary_present:
        member = spare.pop()
        member.official_date = month(n).date() + timedelta(days=30)
        juniors.append(member)
    for member in juniors:
        session.add(row(meeting, member, AttendanceStatus.present))
    await session.flush()
    await session.commit()
    return meeting, people


# -- the arithmetic, by hand ------------------------------------------------------------


def test_default_thresholds_and_quorum_by_hand() -> None:
    rules = NormsRules()  # the defaults, which version 2 of the norms also holds
    ordinary = rules.vote_thresholds.ordinary
    admission = rules.vote_thresholds.admission
    official = rules.vote_thresholds.official_recognition
    # More than half: of 9, 4.5 -> 5; of 10, 5 is exactly half -> 6; of 1 -> 1.
    assert [ordinary.needed(n) for n in (9, 10, 1, 2, 3)] == [5, 6, 1, 2, 2]
    # At least two thirds: of 9 -> 6; of 10, 6.67 -> 7; of 3 -> 2; of 4, 2.67 -> 3.
    assert [admission.needed(n) for n in (9, 10, 3, 4)] == [6, 7, 2, 3]
    assert [official.needed(n) for n in (9, 10, 3, 4)] == [6, 7, 2, 3]
    # With nobody entitled to vote, nothing carries: at least one vote for is needed.
    assert (ordinary.needed(0), admission.needed(0)) == (1, 1)
    # Quorum, two thirds of the base present: of 9 -> 6; of 10 -> 7; of 5 -> 4; of 6 -> 4.
    assert [rules.quorum.required(n) for n in (9, 10, 5, 6)] == [6, 7, 4, 4]
    assert (ordinary.rule_key, admission.rule_key) == ("more_than:1/2", "at_least:2/3")


def test_older_norms_still_read() -> None:
    """Version 1 of the defaults (migration 0007) has no quorum nor thresholds: it reads, and
    is held to the defaults for them."""
    v1 = {"min_duration_minutes": 90, "vote_pass_rule": "more_than_half_of_eligible"}
    rules = NormsRules.model_validate(v1)
    assert (rules.quorum.numerator, rules.quorum.denominator) == (2, 3)
    assert rules.vote_thresholds.admission.needed(9) == 6


async def test_default_norms_version_2_names_its_sources(
    client: httpx.AsyncClient, login: Any
) -> None:
    headers = await login(SECRETARY)
    norms = (await client.get(f"{API}/meeting-norms", headers=headers)).json()
    assert (norms["scope_key"], norms["version_number"]) == ("default", 2)
    assert "294-QĐ/TW" in norms["source"] and "Điều 4" in norms["source"]
    rules = norms["rules"]
    assert {k: rules["quorum"][k] for k in ("numerator", "denominator")} == {
        "numerator": 2,
        "denominator": 3,
    }
    thresholds = rules["vote_thresholds"]
    assert {
        k: (v["comparison"], v["numerator"], v["denominator"]) for k, v in thresholds.items()
    } == {
        "ordinary": ("more_than", 1, 2),
        "admission": ("at_least", 2, 3),
        "official_recognition": ("at_least", 2, 3),
    }
    assert "9.3.2" in thresholds["ordinary"]["source"]
    assert "Điều 4" in thresholds["admission"]["source"]
    assert "Điều 5" in thresholds["official_recognition"]["source"]


# -- thresholds at the edges ------------------------------------------------------------


async def _result(
    client: httpx.AsyncClient, headers: dict[str, str], meeting: Meeting, body: dict[str, Any]
) -> tuple[bool, int, str]:
    response = await client.post(url(meeting, "/votes"), headers=headers, json=body)
    assert response.status_code == 201, response.text
    vote = response.json()
    return vote["passed"], vote["votes_needed"], vote["pass_rule"]


async def test_thresholds_at_the_edges_of_nine(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting, _ = await roll_of(session, 4, present=9)  # base 9, all present
    headers = await login(SECRETARY)
    # Admission: at least 2/3 of 9 = 6.
    assert await _result(client, headers, meeting, ballot(5, 4, kind="admission")) == (
        False,
        6,
        "at_least:2/3",
    )
    assert await _result(client, headers, meeting, ballot(6, 3, kind="admission")) == (
        True,
        6,
        "at_least:2/3",
    )
    # Recognising official status: the same 6 of 9.
    assert (await _result(client, headers, meeting, ballot(5, kind="official_recognition")))[
        0
    ] is False
    assert (await _result(client, headers, meeting, ballot(6, kind="official_recognition")))[
        0
    ] is True
    # Ordinary: more than half of 9 = 5 (4 is not).
    assert await _result(client, headers, meeting, ballot(4, 5)) == (False, 5, "more_than:1/2")
    assert await _result(client, headers, meeting, ballot(5, 0, 4)) == (True, 5, "more_than:1/2")
    kinds = [v["kind"] for v in (await client.get(url(meeting, "/votes"), headers=headers)).json()]
    assert kinds == ["admission"] * 2 + ["official_recognition"] * 2 + ["ordinary"] * 2


async def test_thresholds_at_the_edges_of_ten(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting, _ = await roll_of(session, 5, present=10)  # base 10, all present
    headers = await login(SECRETARY)
    base = (await client.get(url(meeting, "/voting-base"), headers=headers)).json()
    needed = {t["kind"]: t["votes_needed"] for t in base["thresholds"]}
    assert needed == {"ordinary": 6, "admission": 7, "official_recognition": 7}
    # Admission: at least 2/3 of 10 = 6.67 -> 7.
    assert (await _result(client, headers, meeting, ballot(6, 4, kind="admission")))[0] is False
    assert (await _result(client, headers, meeting, ballot(7, 3, kind="admission")))[0] is True
    # Ordinary: 5 of 10 is exactly half, not more.
    assert (await _result(client, headers, meeting, ballot(5, 5)))[0] is False
    assert (await _result(client, headers, meeting, ballot(6, 4)))[0] is True

    # Correcting the kind of a vote decides it again under the new threshold.
    votes = (await client.get(url(meeting, "/votes"), headers=headers)).json()
    six = votes[3]  # ordinary 6 for: passed
    changed = await client.patch(
        f"{API}/votes/{six['id']}",
        headers=headers,
        json={"version": six["version"], "kind": "admission"},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["passed"], changed.json()["votes_needed"]) == (False, 7)


# -- ballots and who counts -------------------------------------------------------------


async def test_too_many_ballots_and_probationary_members(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    # 6 officials present, 1 excused, 3 probationary members present: base 7, present 6.
    meeting, _ = await roll_of(session, 6, present=6, absent=1, probationary_present=3)
    headers = await login(SECRETARY)
    base = (await client.get(url(meeting, "/voting-base"), headers=headers)).json()
    assert (base["eligible"], base["eligible_present"], base["probationary"]) == (7, 6, 3)

    # 9 people in the room, but 7 ballots are one more than the 6 officials present.
    for body in (ballot(7), ballot(5, 1, 1), ballot(0, 0, 7), ballot(6, 1)):
        refused = await client.post(url(meeting, "/votes"), headers=headers, json=body)
        assert refused.status_code == 422, body
        assert error_code(refused) == "votes_exceed_present"
        assert refused.json()["error"]["details"] == {"cast": 7, "present": 6, "eligible": 7}
    assert (await client.get(url(meeting, "/votes"), headers=headers)).json() == []
    stored = await session.scalars(select(Vote.id).where(Vote.meeting_id == meeting.id))
    assert stored.all() == []

    # 6 ballots: fine; more than half of 7 is 4.
    ok = await client.post(url(meeting, "/votes"), headers=headers, json=ballot(4, 1, 1))
    assert ok.status_code == 201, ok.text
    assert (ok.json()["eligible"], ok.json()["present"], ok.json()["passed"]) == (7, 6, True)
    # A correction over the present count is refused and changes nothing.
    vote = ok.json()
    over = await client.patch(
        f"{API}/votes/{vote['id']}", headers=headers, json={"version": 1, "votes_against": 2}
    )
    assert (over.status_code, error_code(over)) == (422, "votes_exceed_present")
    again = (await client.get(url(meeting, "/votes"), headers=headers)).json()
    assert [(v["votes_against"], v["version"]) for v in again] == [(1, 1)]


async def test_probationary_members_never_make_the_quorum(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    # 3 officials present, 3 excused, 3 probationary present: base 6, present 3, need 4.
    meeting, _ = await roll_of(session, 7, present=3, absent=3, probationary_present=3)
    headers = await login(SECRETARY)
    summary = (await client.get(url(meeting, "/attendance"), headers=headers)).json()["summary"]
    assert summary["quorum"] == {
        "voting_base": 6,
        "present": 3,
        "required": 4,
        "met": False,
        "share": "2/3",
    }
    refused = await client.post(url(meeting, "/votes"), headers=headers, json=ballot(3))
    assert (refused.status_code, error_code(refused)) == (409, "quorum_not_met")


async def test_exempt_present_counts_and_transferred_out_is_left_out(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    meeting, _ = await roll_of(session, 8, present=5, absent=1)
    exempt_comes = await member_named(session, "Trần Thị Minh Nguyệt")
    exempt_away = await member_named(session, seed.EXEMPT_MEMBER)
    away = await member_named(session, "Hoàng Văn Quý")
    session.add_all(
        [
            row(meeting, exempt_comes, AttendanceStatus.present, BaseExclusion.exempt),
            row(meeting, exempt_away, None, BaseExclusion.exempt),
            # Attending another cell temporarily: out of the base even if he looks in.
            row(meeting, away, AttendanceStatus.present, BaseExclusion.transferred_out),
        ]
    )
    await session.commit()
    headers = await login(SECRETARY)

    # Base: 5 present + 1 excused + the exempt member who came = 7; present 6.
    base = (await client.get(url(meeting, "/voting-base"), headers=headers)).json()
    assert {
        k: base[k] for k in ("eligible", "eligible_present", "exempt_present", "exempt_absent")
    } == {"eligible": 7, "eligible_present": 6, "exempt_present": 1, "exempt_absent": 1}
    assert base["transferred_out"] == 1
    # 6 ballots (the exempt member's among them) are allowed; 7 would count the transferred.
    seven = await client.post(url(meeting, "/votes"), headers=headers, json=ballot(7))
    assert error_code(seven) == "votes_exceed_present"
    six = await client.post(url(meeting, "/votes"), headers=headers, json=ballot(4, 2))
    assert six.status_code == 201, six.text
    assert (six.json()["eligible"], six.json()["present"]) == (7, 6)

    # The exempt member leaves unmarked: out of the base again (6), present 5.
    cleared = await client.put(
        url(meeting, f"/attendance/{exempt_comes.id}"), headers=headers, json={"status": None}
    )
    assert cleared.status_code == 200, cleared.text
    base = (await client.get(url(meeting, "/voting-base"), headers=headers)).json()
    assert (base["eligible"], base["eligible_present"], base["votes_needed"]) == (6, 5, 4)


# -- quorum -----------------------------------------------------------------------------


async def test_vote_under_quorum_is_refused_and_the_roll_says_so(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    # Base 9: two thirds is 6; only 5 are present.
    meeting, people = await roll_of(session, 9, present=5, absent=4)
    headers = await login(SECRETARY)
    roll = (await client.get(url(meeting, "/attendance"), headers=headers)).json()
    assert roll["summary"]["quorum"] == {
        "voting_base": 9,
        "present": 5,
        "required": 6,
        "met": False,
        "share": "2/3",
    }
    base = (await client.get(url(meeting, "/voting-base"), headers=headers)).json()
    assert base["quorum"]["met"] is False and base["quorum"]["required"] == 6

    refused = await client.post(
        url(meeting, "/votes"), headers={**headers, "Accept-Language": "vi"}, json=ballot(5)
    )
    assert refused.status_code == 409
    assert error_code(refused) == "quorum_not_met"
    assert refused.json()["error"]["message"] == (
        "Chưa đủ số lượng để biểu quyết: có mặt 5/9 đảng viên có quyền biểu quyết, "
        "cần ít nhất 6 (2/3)."
    )
    assert refused.json()["error"]["details"] == {
        "present": 5,
        "voting_base": 9,
        "required": 6,
        "share": "2/3",
    }
    assert (await client.get(url(meeting, "/votes"), headers=headers)).json() == []

    # The meeting goes on and is recorded: one more member arrives, and it may decide.
    arrived = await client.put(
        url(meeting, f"/attendance/{people[5].id}"), headers=headers, json={"status": "late"}
    )
    assert arrived.status_code == 200, arrived.text
    quorum = (await client.get(url(meeting, "/attendance"), headers=headers)).json()["summary"][
        "quorum"
    ]
    assert (quorum["present"], quorum["met"]) == (6, True)
    voted = await client.post(url(meeting, "/votes"), headers=headers, json=ballot(5, 1))
    assert voted.status_code == 201, voted.text


async def test_the_province_may_set_another_quorum(
    client: httpx.AsyncClient, session: AsyncSession, login: Any
) -> None:
    committee = await login("dangbo.noivu")
    default = (await client.get(f"{API}/meeting-norms", headers=committee)).json()
    rules = {**default["rules"], "quorum": {"numerator": 1, "denominator": 2, "source": "Thử"}}
    added = await client.post(
        f"{API}/meeting-norms",
        headers=committee,
        json={
            "unit_id": await unit_id(session, seed.BASE_CODE),
            "effective_from": "2035-01-01",
            "rules": rules,
            "source": "Hướng dẫn của Đảng ủy Sở",
        },
    )
    assert added.status_code == 201, added.text
    bad = {**rules, "quorum": {"numerator": 3, "denominator": 2}}
    refused = await client.post(
        f"{API}/meeting-norms",
        headers=committee,
        json={"unit_id": await unit_id(session, seed.BASE_CODE), "effective_from": "2035-01-01",
              "rules": bad},
    )  # fmt: skip
    assert refused.status_code == 422

    # Half of 10 is 5: five present now make the quorum (two thirds would need 7).
    meeting, _ = await roll_of(session, 3, present=5, absent=5)
    headers = await login(SECRETARY)
    quorum = (await client.get(url(meeting, "/voting-base"), headers=headers)).json()["quorum"]
    assert quorum == {"voting_base": 10, "present": 5, "required": 5, "met": True, "share": "1/2"}
    voted = await client.post(url(meeting, "/votes"), headers=headers, json=ballot(5))
    # 5 of 10 is not more than half: recorded, not passed.
    assert voted.status_code == 201 and voted.json()["passed"] is False


# -- the database keeps the rule too ----------------------------------------------------


async def test_the_database_refuses_more_ballots_than_present(session: AsyncSession) -> None:
    meeting, _ = await roll_of(session, 10, present=4, absent=2)
    session.add(
        Vote(
            meeting_id=meeting.id,
            subject=VoteSubject.resolution,
            title="Quá số có mặt",
            eligible=6,
            present=4,
            votes_for=4,
            votes_against=1,
            votes_abstain=0,
            passed=True,
            pass_rule="more_than:1/2",
        )
    )
    with pytest.raises(IntegrityError):
        await session.flush()
    await session.rollback()
