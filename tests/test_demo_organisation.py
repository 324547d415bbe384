"""The demo organisation against the founding report (issue 9, point 11), on every anchor day:
the cell committees' terms around the 2025 congresses, the base committee's committee of 7 and
inspection committee of 3, the admissions of the ten years before the report, and the online
and hybrid meetings."""

from datetime import date

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.core.clock import today
from chibo.demo import meetings as demo
from chibo.demo import seed
from chibo.meetings.models import Meeting, MeetingFormat, MeetingStatus, MeetingType
from chibo.members.models import CommitteeBody, CommitteePosition, Member
from chibo.minutes.models import Minutes
from tests.helpers import error_code, member_named, unit_id

# The committees each cell elected for 2020–2025, and for 2025–2030 at its congress, by hand.
COMMITTEES_2020 = {
    seed.CELL_NOI_VU: {
        "Lê Văn Thắng": "secretary",
        "Nguyễn Thị Thu Hà": "deputy_secretary",
        "Phan Đình Hải": "committee_member",
        "Trần Thị Minh Nguyệt": "committee_member",
        "Hoàng Văn Quý": "committee_member",
    },
    seed.CELL_THI_DUA: {
        "Trần Xuân Lộc": "secretary",
        "Phạm Thị Thu Hiền": "deputy_secretary",
        "Hoàng Minh Đức": "committee_member",
    },
    seed.CELL_TON_GIAO: {
        "Đoàn Minh Châu": "secretary",
        "Nguyễn Thị Hải Yến": "deputy_secretary",
        "Trần Văn Kiên": "committee_member",
    },
    seed.CELL_LUU_TRU: {
        "Phạm Thị Hồng Vân": "secretary",
        "Nguyễn Văn Tiến": "deputy_secretary",
        "Trần Thị Thanh Bình": "committee_member",
    },
}
COMMITTEES_2025 = {
    **COMMITTEES_2020,
    seed.CELL_NOI_VU: {  # Hoàng Văn Quý not re-elected; Trần Văn Hòa elected
        "Lê Văn Thắng": "secretary",
        "Nguyễn Thị Thu Hà": "deputy_secretary",
        "Phan Đình Hải": "committee_member",
        "Trần Thị Minh Nguyệt": "committee_member",
        "Trần Văn Hòa": "committee_member",
    },
}
CONGRESSES = {
    seed.CELL_NOI_VU: date(2025, 4, 15),
    seed.CELL_THI_DUA: date(2025, 4, 22),
    seed.CELL_TON_GIAO: date(2025, 5, 6),
    seed.CELL_LUU_TRU: date(2025, 5, 13),
}
BASE_COMMITTEE = {
    "Võ Trọng Tuấn": "secretary",
    "Đặng Quốc Bảo": "deputy_secretary",
    "Lê Văn Thắng": "committee_member",
    "Nguyễn Thị Thu Hà": "committee_member",
    "Trần Xuân Lộc": "committee_member",
    "Đoàn Minh Châu": "committee_member",
    "Phạm Thị Hồng Vân": "committee_member",
}
INSPECTION_COMMITTEE = {
    "Đặng Quốc Bảo": "chair",
    "Phan Đình Hải": "deputy_chair",
    "Dương Văn Lực": "member",
}


async def _seats(
    session: AsyncSession, code: str, body: CommitteeBody = CommitteeBody.committee
) -> list[tuple[CommitteePosition, Member]]:
    rows = await session.execute(
        select(CommitteePosition, Member)
        .join(Member, Member.id == CommitteePosition.member_id)
        .where(
            CommitteePosition.unit_id == await unit_id(session, code),
            CommitteePosition.body == body,
        )
    )
    return [(p, m) for p, m in rows.all()]


def _by_term(seats: list[tuple[CommitteePosition, Member]]) -> dict[str, dict[str, str]]:
    terms: dict[str, dict[str, str]] = {}
    for position, member in seats:
        terms.setdefault(position.term_label or "", {})[member.full_name] = position.position
    return terms


async def test_cell_terms_follow_the_2025_congresses(demo_session: AsyncSession) -> None:
    day = today()
    for code, congress in CONGRESSES.items():
        seats = await _seats(demo_session, code)
        if congress <= day:
            assert _by_term(seats) == {
                "2020-2025": COMMITTEES_2020[code],
                "2025-2030": COMMITTEES_2025[code],
            }, code
            for position, _ in seats:
                if position.term_label == "2020-2025":
                    assert (position.term_start, position.term_end) == (date(2020, 8, 1), congress)
                else:
                    assert position.term_start == date.fromordinal(congress.toordinal() + 1)
                    assert position.term_end is None
        else:  # loaded before the congress: the 2020–2025 committee still sits
            assert _by_term(seats) == {"2020-2025": COMMITTEES_2020[code]}, code
            assert all(p.term_end is None for p, _ in seats)
        # Every seat holder is an official member of the cell.
        cell = await unit_id(demo_session, code)
        assert all(m.unit_id == cell for _, m in seats)
        assert all(m.official_date is not None for _, m in seats)


async def test_base_committee_and_its_inspection_committee(demo_session: AsyncSession) -> None:
    day = today()
    committee = await _seats(demo_session, seed.BASE_CODE)
    inspection = await _seats(demo_session, seed.BASE_CODE, CommitteeBody.inspection_committee)
    terms = {"2020-2025"} | ({"2025-2030"} if date(2025, 6, 24) <= day else set())
    assert _by_term(committee) == dict.fromkeys(terms, BASE_COMMITTEE)
    assert _by_term(inspection) == dict.fromkeys(terms, INSPECTION_COMMITTEE)
    current = [
        (p, m)
        for p, m in committee + inspection
        if p.term_start <= day and (p.term_end is None or p.term_end >= day)
    ]
    assert len(current) == 10  # 7 + 3, the deputy secretary on both
    cells = {await unit_id(demo_session, code) for code in seed.NOI_VU_CELL_CODES}
    assert all(m.unit_id in cells and m.official_date is not None for _, m in current)


async def test_the_base_committee_lists_both_bodies(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    headers = await login("dangbo.noivu")
    base = await unit_id(session, seed.BASE_CODE)
    url = f"/api/v1/units/{base}/committee"
    seats = (await client.get(url, headers=headers)).json()
    by_body: dict[str, dict[str, str]] = {}
    for seat in seats:
        assert seat["term_label"] == "2025-2030"  # the suite's day is after the 2025 congress
        by_body.setdefault(seat["body"], {})[seat["member_name"]] = seat["position"]
    assert by_body == {"committee": BASE_COMMITTEE, "inspection_committee": INSPECTION_COMMITTEE}
    cell = (
        await client.get(
            f"/api/v1/units/{await unit_id(session, seed.CELL_NOI_VU)}/committee", headers=headers
        )
    ).json()
    assert {s["body"] for s in cell} == {"committee"}

    # Writes: a cell has no inspection committee; positions belong to their body; the chair's
    # seat is taken; a member of a cell under the base committee may join it.
    ordinary = await member_named(session, "Nguyễn Văn An")
    start = {"term_start": "2026-01-01", "term_label": "2025-2030"}
    cases = [
        (
            f"/api/v1/units/{await unit_id(session, seed.CELL_NOI_VU)}/committee",
            {"body": "inspection_committee", "position": "member"},
            422,
            "body_not_in_unit",
        ),
        (
            url,
            {"body": "inspection_committee", "position": "secretary"},
            422,
            "position_not_in_body",
        ),
        (url, {"body": "committee", "position": "chair"}, 422, "position_not_in_body"),
        (url, {"body": "inspection_committee", "position": "chair"}, 409, "seat_taken"),
    ]
    for target, fields, status, code in cases:
        response = await client.post(
            target, headers=headers, json={"member_id": ordinary.id, **fields, **start}
        )
        assert (response.status_code, error_code(response)) == (status, code), fields
    stranger = await member_named(session, "Trần Đức Thành")  # Sở Tài chính
    response = await client.post(
        url,
        headers=await login("admin"),
        json={
            "member_id": stranger.id,
            "body": "committee",
            "position": "committee_member",
            **start,
        },
    )
    assert (response.status_code, error_code(response)) == (422, "member_not_in_cell")
    assert len((await client.get(url, headers=headers)).json()) == 10  # nothing stored

    added = await client.post(
        url,
        headers=headers,
        json={
            "member_id": ordinary.id,
            "body": "inspection_committee",
            "position": "member",
            **start,
        },
    )
    assert added.status_code == 201, added.text
    assert added.json()["body"] == "inspection_committee"
    # The deputy secretary chairs the inspection committee: one seat on each body is allowed,
    # a second seat on the same body is not.
    deputy = await member_named(session, "Đặng Quốc Bảo")
    again = await client.post(
        url,
        headers=headers,
        json={"member_id": deputy.id, "body": "committee", "position": "committee_member", **start},
    )
    assert (again.status_code, error_code(again)) == (409, "member_already_seated")


# The admissions of the ten years before the report (20/10/2013 - 20/10/2023), by year, by hand.
ADMISSIONS_PER_YEAR = {
    2013: 1, 2014: 2, 2015: 2, 2016: 3, 2017: 2, 2018: 2, 2019: 2, 2020: 1, 2021: 2, 2022: 2,
    2023: 0,
}  # fmt: skip


async def test_nineteen_admissions_in_the_ten_years(demo_session: AsyncSession) -> None:
    """The 19 are official members admitted between 20/10/2013 and 20/10/2023. The three
    probationary members are admitted 2, 7 and 13 months before the day of loading: on the
    earliest anchor day (29/02/2024) two of them (29/07/2023, 29/01/2023) fall inside the ten
    years too, and they are counted apart."""
    cells = [await unit_id(demo_session, code) for code in seed.NOI_VU_CELL_CODES]
    members = list(
        (await demo_session.scalars(select(Member).where(Member.unit_id.in_(cells)))).all()
    )
    assert len(members) == 65
    first, last = date(2013, 10, 20), date(2023, 10, 20)
    inside = [
        m for m in members if m.admission_date is not None and first <= m.admission_date <= last
    ]
    official = [m for m in inside if m.official_date is not None]
    probationary = [m for m in inside if m.official_date is None]
    assert len(official) == 19
    per_year = dict.fromkeys(ADMISSIONS_PER_YEAR, 0)
    for member in official:
        assert member.admission_date is not None and member.official_date is not None
        per_year[member.admission_date.year] += 1
        assert member.official_date <= last  # official by the report's day
    assert per_year == ADMISSIONS_PER_YEAR
    expected_probationary = {
        date(2024, 2, 29): {"Lê Thị Quỳnh Trang", "Hoàng Văn Phong"},
        date(2025, 2, 3): set(),
    }
    assert {m.full_name for m in probationary} == expected_probationary.get(today(), set())
    # Everyone else was admitted before the ten years, at 20 or older.
    for member in members:
        assert member.admission_date is not None and member.date_of_birth is not None
        if member not in inside and member.status.value == "official":
            assert member.admission_date < first
        assert member.admission_date.year - member.date_of_birth.year >= 20


async def test_the_admissions_register_through_the_api(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    base = await unit_id(session, seed.BASE_CODE)
    url = f"/api/v1/units/{base}/admissions"
    window = {"from": "2013-10-20", "to": "2023-10-20"}
    register = (await client.get(url, headers=await login("dangbo.noivu"), params=window)).json()
    assert register["total"] == 19 and len(register["items"]) == 19
    assert {y["year"]: y["count"] for y in register["by_year"]} == ADMISSIONS_PER_YEAR
    first = register["items"][0]
    assert (first["member_name"], first["admission_date"]) == ("Trương Quang Vinh", "2013-12-18")
    assert first["unit_id"] == await unit_id(session, seed.CELL_NOI_VU)
    assert first["unit_name"] == "Chi bộ Nội vụ"
    # One year: the three of 2016, in the order they were admitted.
    year = (
        await client.get(
            url,
            headers=await login("dangbo.noivu"),
            params={"from": "2016-01-01", "to": "2016-12-31"},
        )
    ).json()
    assert [(i["member_name"], i["admission_date"]) for i in year["items"]] == [
        ("Trần Quốc Việt", "2016-01-08"),
        ("Nguyễn Thị Huyền", "2016-06-15"),
        ("Nguyễn Quang Hưng", "2016-12-22"),
    ]
    # By default the ten years up to today (18/11/2026): the probationary members admitted
    # 2, 7 and 13 months ago are in, the 2013-2016 admissions before 18/11/2016 are not.
    default = (await client.get(url, headers=await login("dangbo.noivu"))).json()
    assert (default["from_date"], default["to_date"]) == ("2016-11-18", "2026-11-18")
    assert default["total"] == 19 - 7 + 3
    # A secretary sees the cell's own admissions only; another base committee's unit is hidden.
    cell = await unit_id(session, seed.CELL_LUU_TRU)
    own = (
        await client.get(
            f"/api/v1/units/{cell}/admissions", headers=await login("bithu.luutru"), params=window
        )
    ).json()
    assert [i["member_name"] for i in own["items"]] == [
        "Hồ Thị Minh",
        "Nguyễn Quang Hưng",
        "Bùi Thị Hoa",
        "Phan Văn Nam",
        "Lê Thị Thảo",
        "Nguyễn Thị Loan",
    ]
    hidden = await client.get(url, headers=await login("bithu.luutru"), params=window)
    assert (hidden.status_code, error_code(hidden)) == (404, "not_found")
    reversed_period = await client.get(
        url, headers=await login("dangbo.noivu"), params={"from": "2023-01-01", "to": "2022-01-01"}
    )
    assert reversed_period.status_code == 422
    assert error_code(reversed_period) == "period_end_before_start"


async def test_online_and_hybrid_meetings(demo_session: AsyncSession) -> None:
    """The archive cell met online two months running, as during Covid-19 in the report, and in
    both forms once; Thi đua – Khen thưởng met in both forms once. Month indexes count from the
    oldest of the 12 held months."""
    months = demo.held_months(today())
    expected = {
        (seed.CELL_LUU_TRU, months[4]): MeetingFormat.hybrid,
        (seed.CELL_LUU_TRU, months[7]): MeetingFormat.online,
        (seed.CELL_LUU_TRU, months[8]): MeetingFormat.online,
        (seed.CELL_THI_DUA, months[10]): MeetingFormat.hybrid,
    }
    found = {}
    for code in seed.NOI_VU_CELL_CODES:
        cell = await unit_id(demo_session, code)
        for meeting in (
            await demo_session.scalars(select(Meeting).where(Meeting.unit_id == cell))
        ).all():
            if meeting.format is MeetingFormat.in_person:
                assert meeting.location and meeting.online_link is None
                continue
            assert meeting.meeting_type is MeetingType.regular
            assert meeting.status in (MeetingStatus.held, MeetingStatus.minutes_final)
            found[(code, (meeting.period_year, meeting.period_month))] = meeting.format
            assert meeting.online_link and meeting.online_link.startswith("https://hop.")
            minutes = await demo_session.scalar(
                select(Minutes).where(Minutes.meeting_id == meeting.id)
            )
            assert minutes is not None and meeting.online_link in minutes.content
            if meeting.format is MeetingFormat.online:
                assert meeting.location is None
                assert "Địa điểm: trực tuyến" in minutes.content
            else:
                assert meeting.location and meeting.location in minutes.content
    assert found == expected
