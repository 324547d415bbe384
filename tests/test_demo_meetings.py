"""The demo's year of meetings (issue 3, item 12): loaded once by the test session's seed, it
must keep every rule the services enforce, and show what the founding report names."""

from collections import Counter, defaultdict
from datetime import timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.models import Attendance, AttendanceStatus, BaseExclusion
from chibo.attendance.repository import AttendanceRepository
from chibo.attendance.service import meeting_voting
from chibo.core.clock import VIETNAM_OFFSET
from chibo.demo import meetings as demo
from chibo.demo import seed
from chibo.demo.documents import LATE_DOCUMENTS, MISSING_DOCUMENTS
from chibo.documents.models import Document
from chibo.meetings.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    MeetingType,
    ThematicTopic,
    ThematicTopicStatus,
)
from chibo.minutes.models import Minutes, Resolution, Task, TaskStatus, Vote
from chibo.speeches.models import Speech, SpeechKind, SpeechState
from chibo.units.models import Unit
from tests.helpers import fetch_all, member_named, unit_id

PRESENT = (AttendanceStatus.present, AttendanceStatus.late)


async def _cells(session: AsyncSession) -> dict[str, int]:
    return {code: await unit_id(session, code) for code in seed.NOI_VU_CELL_CODES}


async def _meetings(session: AsyncSession, unit: int, *types: MeetingType) -> list[Meeting]:
    query = select(Meeting).where(Meeting.unit_id == unit).order_by(Meeting.planned_start)
    if types:
        query = query.where(Meeting.meeting_type.in_(types))
    return list((await session.scalars(query)).all())


async def _held_months(session: AsyncSession) -> list[tuple[int, int]]:
    """The months the seed held, from the month of its announced meeting (robust to the suite
    running across a month's end)."""
    cell = await unit_id(session, seed.CELL_NOI_VU)
    announced = (
        await session.scalars(
            select(Meeting).where(
                Meeting.unit_id == cell,
                Meeting.meeting_type == MeetingType.regular,
                Meeting.status == MeetingStatus.announced,
            )
        )
    ).one()
    day = announced.day
    return demo.held_months(day)


async def test_twelve_regular_meetings_per_cell_with_final_minutes(
    demo_session: AsyncSession,
) -> None:
    months = await _held_months(demo_session)
    for code, cell in (await _cells(demo_session)).items():
        regular = await _meetings(demo_session, cell, MeetingType.regular)
        held = [m for m in regular if (m.period_year, m.period_month) in months]
        assert [(m.period_year, m.period_month) for m in held] == months, code
        for meeting in held:
            assert meeting.status is MeetingStatus.minutes_final
            assert meeting.chair_member_id is not None
            assert meeting.minute_taker_member_id not in (None, meeting.chair_member_id)
            assert meeting.norms_id is not None
            assert meeting.announced_at is not None
            assert meeting.notice_sent_to_members_at is not None
            assert meeting.notice_sent_to_follower_at is not None
            assert meeting.actual_start is not None and meeting.actual_end is not None
            assert meeting.minutes_final_at is not None
            ahead = meeting.day - (meeting.announced_at + VIETNAM_OFFSET).date()
            assert 3 <= ahead.days <= 5  # calendar days, in Vietnam
            assert meeting.preparation_meeting_id is not None
            prep = await demo_session.get(Meeting, meeting.preparation_meeting_id)
            assert prep is not None and prep.meeting_type is MeetingType.committee
            assert prep.status is MeetingStatus.minutes_final
            assert prep.planned_start < meeting.planned_start
            minutes = (
                await demo_session.scalars(select(Minutes).where(Minutes.meeting_id == meeting.id))
            ).one()
            assert minutes.final_at == meeting.minutes_final_at
            assert minutes.final_by_user_id is not None
            assert minutes.content.startswith("ĐẢNG BỘ SỞ NỘI VỤ")
            agenda = (
                await demo_session.scalars(
                    select(AgendaItem.kind).where(AgendaItem.meeting_id == meeting.id)
                )
            ).all()
            assert "ideology" in agenda and "vote" in agenda
            assert meeting.ideology_minutes is not None
        # this month's meeting is announced, next month's a draft: one regular a month
        later = [m for m in regular if m not in held]
        assert [m.status for m in later] == [MeetingStatus.announced, MeetingStatus.draft]
        periods = [(m.period_year, m.period_month) for m in regular]
        assert len(periods) == len(set(periods)) == 14


async def test_durations_and_minutes_delays_vary(demo_session: AsyncSession) -> None:
    months = await _held_months(demo_session)
    cells = await _cells(demo_session)
    short: dict[str, int] = {}
    late = 0
    for code, cell in cells.items():
        held = [
            m
            for m in await _meetings(demo_session, cell, MeetingType.regular)
            if (m.period_year, m.period_month) in months
        ]
        durations = [(m.actual_end - m.actual_start).total_seconds() / 60 for m in held]  # type: ignore[operator]
        short[code] = sum(1 for d in durations if d < 90)
        late += sum(
            1
            for m in held
            if m.minutes_final_at - m.actual_end > timedelta(days=2)  # type: ignore[operator]
        )
        for meeting, minutes in zip(held, durations, strict=True):
            if meeting.has_thematic_part:
                assert minutes >= 120
                assert meeting.planned_end - meeting.planned_start >= timedelta(minutes=120)
    assert short == {code: (3 if code == demo.SHORT_MEETING_CELL else 0) for code in cells}
    assert late == sum(len(months) for months in demo.LATE_MINUTES.values())


async def test_attendance_follows_the_roll_rules(demo_session: AsyncSession) -> None:
    repo = AttendanceRepository(demo_session)
    exempt = await member_named(demo_session, seed.EXEMPT_MEMBER)
    moved = await member_named(demo_session, seed.TEMPORARILY_TRANSFERRED_MEMBER)
    cells = await _cells(demo_session)
    checked = 0
    for code, cell in cells.items():
        for meeting in await _meetings(demo_session, cell):
            rows = (
                await demo_session.scalars(
                    select(Attendance).where(Attendance.meeting_id == meeting.id)
                )
            ).all()
            if meeting.status not in (MeetingStatus.held, MeetingStatus.minutes_final):
                assert not rows
                continue
            expected = await repo.expected_members(
                cell,
                meeting.day,
                committee_only=meeting.meeting_type is MeetingType.committee,
            )
            assert {(r.member_id, r.excluded_from_base, r.temporary_guest) for r in rows} == {
                (e.member_id, e.excluded, e.temporary_guest) for e in expected
            }, (code, meeting.title)
            for row in rows:
                if row.status is AttendanceStatus.excused:
                    assert row.reason
                if row.status in PRESENT:
                    assert row.checked_in_at is not None and row.checkin_method is not None
                    assert meeting.actual_start is not None
                    assert row.checked_in_at >= meeting.actual_start
                    late = row.checked_in_at - meeting.actual_start > timedelta(minutes=15)
                    assert late == (row.status is AttendanceStatus.late)
                else:
                    assert row.checked_in_at is None
                if row.member_id == exempt.id:
                    assert row.excluded_from_base is BaseExclusion.exempt
                if row.member_id == moved.id and code == seed.CELL_NOI_VU:
                    assert row.temporary_guest and row.excluded_from_base is None
                if row.member_id == moved.id and code == seed.CELL_TON_GIAO:
                    assert row.excluded_from_base is BaseExclusion.transferred_out
                    assert row.status is None
            if meeting.meeting_type is MeetingType.regular and code == seed.CELL_NOI_VU:
                ids = {r.member_id for r in rows}
                assert exempt.id in ids and moved.id in ids
            checked += 1
    assert checked > 100
    statuses = Counter(
        (
            await demo_session.scalars(
                select(Attendance.status)
                .join(Meeting, Meeting.id == Attendance.meeting_id)
                .where(Meeting.unit_id.in_(cells.values()))
            )
        ).all()
    )
    assert statuses[AttendanceStatus.present] > 10 * statuses[AttendanceStatus.excused] / 2
    assert statuses[AttendanceStatus.late] and statuses[AttendanceStatus.excused]
    assert 0 < statuses[AttendanceStatus.unexcused] <= 6


async def test_speeches_are_by_members_present_and_some_never_speak(
    demo_session: AsyncSession,
) -> None:
    cells = await _cells(demo_session)
    spoke: dict[str, set[int]] = defaultdict(set)
    kinds: Counter[SpeechKind] = Counter()
    for code, cell in cells.items():
        for meeting in await _meetings(demo_session, cell):
            speeches = (
                await demo_session.scalars(
                    select(Speech).where(Speech.meeting_id == meeting.id).order_by(Speech.weight)
                )
            ).all()
            if meeting.status is not MeetingStatus.minutes_final:
                assert not speeches
                continue
            present = set(
                (
                    await demo_session.scalars(
                        select(Attendance.member_id).where(
                            Attendance.meeting_id == meeting.id, Attendance.status.in_(PRESENT)
                        )
                    )
                ).all()
            )
            items = set(
                (
                    await demo_session.scalars(
                        select(AgendaItem.id).where(AgendaItem.meeting_id == meeting.id)
                    )
                ).all()
            )
            assert speeches, meeting.title
            previous_end = meeting.actual_start
            for speech in speeches:
                assert speech.member_id in present
                assert speech.state is SpeechState.done
                assert speech.agenda_item_id in items
                assert speech.begin_time is not None and speech.end_time is not None
                assert previous_end is not None and previous_end <= speech.begin_time
                assert speech.requested_at <= speech.begin_time
                assert meeting.actual_end is not None and speech.end_time <= meeting.actual_end
                wall = (speech.end_time - speech.begin_time).total_seconds()
                assert 0 < speech.spoken_seconds <= wall
                assert speech.quality in (3, 4, 5) and speech.summary
                previous_end = speech.end_time
                spoke[code].add(speech.member_id)
                kinds[speech.kind] += 1
    noi_vu = await unit_id(demo_session, seed.CELL_NOI_VU)
    members = (
        await demo_session.scalars(
            select(Attendance.member_id)
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(Meeting.unit_id == noi_vu)
            .distinct()
        )
    ).all()
    never = set(members) - spoke[seed.CELL_NOI_VU]
    assert len(never) >= 3
    for name in demo.SILENT_MEMBERS[seed.CELL_NOI_VU]:
        assert (await member_named(demo_session, name)).id in never
    # self-criticism is rare, contributions and proposals common
    assert 0 < kinds[SpeechKind.self_criticism] < kinds[SpeechKind.contribution] / 5
    assert kinds[SpeechKind.criticism] > 0 and kinds[SpeechKind.proposal] > 0


async def test_votes_resolutions_and_tasks(demo_session: AsyncSession) -> None:
    months = await _held_months(demo_session)
    for code, cell in (await _cells(demo_session)).items():
        regular = [
            m
            for m in await _meetings(demo_session, cell, MeetingType.regular)
            if (m.period_year, m.period_month) in months
        ]
        numbers: dict[int, list[int]] = defaultdict(list)
        previous: Meeting | None = None
        for meeting in regular:
            vote = (
                await demo_session.scalars(select(Vote).where(Vote.meeting_id == meeting.id))
            ).one()
            voting = await meeting_voting(demo_session, meeting)
            assert vote.eligible == voting.base.eligible
            cast = vote.votes_for + vote.votes_against + vote.votes_abstain
            assert cast <= voting.base.eligible_present <= vote.eligible
            assert voting.quorum.met  # a meeting that decided had its quorum
            assert vote.passed and 2 * vote.votes_for > vote.eligible
            resolution = (
                await demo_session.scalars(
                    select(Resolution).where(Resolution.meeting_id == meeting.id)
                )
            ).one()
            assert resolution.vote_id == vote.id
            assert resolution.year == meeting.period_year
            assert resolution.code == f"{resolution.number:02d}-NQ/CB"
            assert resolution.adopted_on == meeting.day
            numbers[resolution.year].append(resolution.number)
            tasks = (
                await demo_session.scalars(select(Task).where(Task.resolution_id == resolution.id))
            ).all()
            assert 2 <= len(tasks) <= 4
            for task in tasks:
                assert task.meeting_id == meeting.id and task.unit_id == cell
                assert task.deadline is not None and task.deadline > meeting.day
            if previous is not None:
                reviewed = (
                    await demo_session.scalars(select(Task).where(Task.meeting_id == previous.id))
                ).all()
                assert all(t.reviewed_in_meeting_id == meeting.id for t in reviewed)
                assert meeting.tasks_reviewed_total == len(reviewed)
                done = [t for t in reviewed if t.status is TaskStatus.done]
                assert meeting.tasks_reviewed_done == len(done)
                assert all(t.completed_on is not None for t in done)
                assert all(t.status in (TaskStatus.done, TaskStatus.not_done) for t in reviewed)
            else:
                assert meeting.tasks_reviewed_total is None
            previous = meeting
        assert previous is not None
        still_open = (
            await demo_session.scalars(select(Task.status).where(Task.meeting_id == previous.id))
        ).all()
        assert set(still_open) == {TaskStatus.open}
        # numbered per cell and year, restarting each January
        for year, got in numbers.items():
            assert got == sorted(got) and len(set(got)) == len(got)
            if 1 in [m for y, m in months if y == year]:
                assert got[0] == 1, (code, year)
        assert set(numbers) == {y for y, _ in months}


async def test_thematic_topics_and_meetings(demo_session: AsyncSession) -> None:
    cells = await _cells(demo_session)
    held_by_cell: dict[str, int] = {}
    for code, cell in cells.items():
        topics = (
            await demo_session.scalars(select(ThematicTopic).where(ThematicTopic.unit_id == cell))
        ).all()
        per_year = Counter(t.year for t in topics)
        assert set(per_year.values()) == {4}
        thematic = await _meetings(demo_session, cell, MeetingType.thematic)
        for meeting in thematic:
            assert meeting.status is MeetingStatus.minutes_final
            topic = await demo_session.get(ThematicTopic, meeting.thematic_topic_id)
            assert topic is not None and topic.unit_id == cell
            assert topic.status is ThematicTopicStatus.held
            assert topic.presenter_member_id is not None
            presenter_spoke = await demo_session.scalar(
                select(func.count(Speech.id)).where(
                    Speech.meeting_id == meeting.id,
                    Speech.member_id == topic.presenter_member_id,
                    Speech.kind == SpeechKind.report,
                )
            )
            assert presenter_spoke in (1, 2)  # twice when the secretary presents
        combined = [
            m
            for m in await _meetings(demo_session, cell, MeetingType.regular)
            if m.has_thematic_part
        ]
        assert len(combined) == (1 if code == demo.COMBINED_THEMATIC_CELL else 0)
        for meeting in combined:
            assert meeting.thematic_topic_id is not None
            kinds = (
                await demo_session.scalars(
                    select(AgendaItem.kind).where(AgendaItem.meeting_id == meeting.id)
                )
            ).all()
            assert "thematic" in kinds
        postponed = [t for t in topics if t.status is ThematicTopicStatus.postponed]
        assert len(postponed) == (1 if code == demo.MISSED_THEMATIC_CELL else 0)
        held_by_cell[code] = len(thematic) + len(combined)
    # most ended quarters have one; the cell that missed one has one fewer
    others = [n for code, n in held_by_cell.items() if code != demo.MISSED_THEMATIC_CELL]
    assert len(set(others)) == 1 and others[0] >= 4
    assert held_by_cell[demo.MISSED_THEMATIC_CELL] == others[0] - 1


async def test_base_committee_briefings(demo_session: AsyncSession) -> None:
    base = await unit_id(demo_session, seed.BASE_CODE)
    briefings = await _meetings(demo_session, base)
    assert len(briefings) == demo.MONTHS_HELD
    assert {m.meeting_type for m in briefings} == {MeetingType.party_committee}
    assert {m.status for m in briefings} == {MeetingStatus.held}


async def test_seeding_again_adds_nothing(demo_session: AsyncSession) -> None:
    count = await demo_session.scalar(select(func.count(Meeting.id)))
    speeches = await demo_session.scalar(select(func.count(Speech.id)))
    documents = await demo_session.scalar(select(func.count(Document.id)))
    assert await demo.seed_demo_meetings(demo_session) is False
    assert await seed.seed_demo(demo_session) is False
    await demo_session.flush()
    assert await demo_session.scalar(select(func.count(Meeting.id))) == count
    assert await demo_session.scalar(select(func.count(Speech.id))) == speeches
    assert await demo_session.scalar(select(func.count(Document.id))) == documents


async def test_alerts_show_through_the_api(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    day = (await _meetings(session, cell, MeetingType.regular))[-2].day
    year = demo.alert_year(day)
    response = await client.get(
        "/api/v1/attendance/alerts", headers=await login("dangbo.noivu"), params={"year": year}
    )
    assert response.status_code == 200, response.text
    alerts = {(a["kind"], a["member_name"]): a["count"] for a in response.json()}
    assert alerts == {
        ("unexcused_absences", demo.UNEXCUSED_MEMBER): 3,
        ("consecutive_excused_absences", demo.EXCUSED_STREAK_MEMBER): demo.EXCUSED_STREAK_LENGTH,
    }


async def test_secretary_lists_the_year_through_the_api(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    cell = await unit_id(session, seed.CELL_NOI_VU)
    items = await fetch_all(
        client, "/api/v1/meetings", await login("bithu.noivu"), {"unit_id": cell}
    )
    kinds = Counter(i["meeting_type"] for i in items)
    assert kinds["regular"] == 14 and kinds["committee"] == 13 and kinds["thematic"] >= 4
    assert {i["unit_id"] for i in items} == {cell}
    # another cell's secretary sees none of them
    other = await fetch_all(
        client, "/api/v1/meetings", await login("bithu.tongiao"), {"meeting_type": "regular"}
    )
    assert cell not in {i["unit_id"] for i in other}
    base = await unit_id(session, seed.BASE_CODE)
    path = (await session.scalars(select(Unit.path).where(Unit.id == base))).one()
    assert path


async def test_compliance_shows_the_gaps(
    client: httpx.AsyncClient, login, session: AsyncSession
) -> None:
    months = await _held_months(session)
    year = months[-1][0]
    base = await unit_id(session, seed.BASE_CODE)
    response = await client.get(
        f"/api/v1/units/{base}/compliance",
        headers=await login("dangbo.noivu"),
        params={"year": year},
    )
    assert response.status_code == 200, response.text
    cells = {c["unit_id"]: c for c in response.json()}
    held = {m for y, m in months if y == year}
    index = {m: months.index((year, m)) for m in held}
    criteria = ("committee_meeting_before", "documents_on_time", "duration_met")
    criteria += ("minutes_final_on_time",)
    total_met = 0
    for code, cell in (await _cells(session)).items():
        rows = [m for m in cells[cell]["months"] if m["month"] in held]
        assert all(m["regular_held"] and m["committee_meeting_before"] for m in rows)
        short = [m["month"] for m in rows if not m["duration_met"]]
        if code != demo.SHORT_MEETING_CELL:
            assert short == [], code
        # documents: on time but in the months the demo sends them late or not at all, as
        # the record says (every document sent, the last at least 1 day before)
        weak = {*LATE_DOCUMENTS.get(code, ()), *MISSING_DOCUMENTS.get(code, ())}
        for month in rows:
            assert month["documents_on_time"] is (index[month["month"]] not in weak), code
            meeting = await session.get(Meeting, month["regular_meeting_id"])
            assert meeting is not None
            sent = (
                await session.scalars(
                    select(Document.sent_at).where(Document.meeting_id == meeting.id)
                )
            ).all()
            deadline = meeting.planned_start - timedelta(days=1)
            on_time = bool(sent) and all(s is not None and s <= deadline for s in sent)
            assert month["documents_on_time"] is on_time, (code, month["month"])
        # months that meet every norm: all but the weak ones (documents, duration, minutes)
        weak |= set(demo.LATE_MINUTES.get(code, ()))
        if code == demo.SHORT_MEETING_CELL:
            weak |= set(demo.SHORT_MEETING_MONTHS)
        met = [m["month"] for m in rows if all(m[c] for c in criteria)]
        assert met == sorted(m for m in held if index[m] not in weak), code
        total_met += len(met)
    assert total_met > 0 or not held
