"""The demo's year of ratings and its inspection (issue 4): loaded once by the test session's
seed on top of the year of meetings; every stored score must be what the engine computes from
the stored entries and facts."""

from collections import Counter, defaultdict
from datetime import time, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.attendance.service import voting_base
from chibo.auth.models import User
from chibo.core import clock
from chibo.core.clock import vietnam_moment
from chibo.demo import documents as demo_documents
from chibo.demo import meetings as demo_meetings
from chibo.demo import ratings as demo
from chibo.demo import seed
from chibo.documents.models import Document, DocumentKind
from chibo.inspections.models import (
    FollowUpItem,
    FollowUpStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
)
from chibo.meetings.models import Meeting, MeetingStatus, MeetingType
from chibo.minutes.voting import DEFAULT_PASS_RULE, passes
from chibo.ratings.engine import JudgedEntry, score
from chibo.ratings.facts_service import PREPARATION_KINDS
from chibo.ratings.models import (
    Level,
    MeetingRating,
    RatingEvent,
    RatingKind,
    RatingSheet,
    RatingStatus,
)
from chibo.ratings.service import facts_from_snapshot
from chibo.ratings.sheet import SheetDefinition
from chibo.units.models import Unit
from tests.helpers import unit_id


async def _held_months(session: AsyncSession) -> list[tuple[int, int]]:
    """The months the seed held, from the month of Chi bộ Nội vụ's announced meeting."""
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
    return demo_meetings.held_months(announced.day)


async def _cells(session: AsyncSession) -> dict[int, str]:
    return {await unit_id(session, code): code for code in seed.NOI_VU_CELL_CODES}


async def _ratings(
    session: AsyncSession, kind: RatingKind = RatingKind.self_rating
) -> list[tuple[MeetingRating, Meeting]]:
    cells = await _cells(session)
    rows = await session.execute(
        select(MeetingRating, Meeting)
        .join(Meeting, Meeting.id == MeetingRating.meeting_id)
        .where(MeetingRating.unit_id.in_(list(cells)), MeetingRating.kind == kind)
        .order_by(Meeting.planned_start, Meeting.id)
    )
    return [(r, m) for r, m in rows]


def _entries(stored: dict[str, Any]) -> dict[str, JudgedEntry]:
    return {code: JudgedEntry.model_validate(e) for code, e in stored.items()}


async def _definitions(session: AsyncSession) -> dict[int, SheetDefinition]:
    """The meeting sheets the demo ratings use, by id."""
    ids = select(MeetingRating.sheet_id).distinct()
    return {
        s.id: SheetDefinition.model_validate(s.definition)
        for s in (await session.scalars(select(RatingSheet).where(RatingSheet.id.in_(ids)))).all()
    }


async def _users(session: AsyncSession) -> dict[int, str]:
    return {u.id: u.username for u in (await session.scalars(select(User))).all()}


async def test_a_year_of_final_regular_ratings(demo_session: AsyncSession) -> None:
    months = await _held_months(demo_session)
    cells = await _cells(demo_session)
    users = await _users(demo_session)
    sheets = {s.id: s for s in (await demo_session.scalars(select(RatingSheet))).all()}
    regular = [
        (r, m)
        for r, m in await _ratings(demo_session)
        if m.meeting_type is MeetingType.regular and (m.period_year, m.period_month) in months
    ]
    assert len(regular) == 48
    per_cell = Counter(cells[r.unit_id] for r, _ in regular)
    assert per_cell == dict.fromkeys(seed.NOI_VU_CELL_CODES, 12)
    # every regular meeting with final minutes has exactly one self-rating
    held = await demo_meetings.held_demo_meetings(demo_session, MeetingType.regular)
    assert sorted(m.id for m in held) == sorted(m.id for _, m in regular)
    for rating, meeting in regular:
        cell = cells[rating.unit_id]
        sheet = sheets[rating.sheet_id]
        assert (sheet.code, sheet.version_number) == ("qd17-regular", 1)
        assert rating.status is RatingStatus.final
        assert users[rating.scored_by_user_id] == demo._secretary_username(cell)  # type: ignore[index]
        assert rating.submitted_by_user_id == rating.scored_by_user_id
        assert users[rating.approved_by_user_id] == "dangbo.noivu"  # type: ignore[index]
        assert rating.proposed_level == rating.self_level
        assert meeting.actual_end is not None and meeting.minutes_final_at is not None
        assert rating.scored_at is not None and rating.submitted_at is not None
        assert rating.approved_at is not None and rating.final_at == rating.approved_at
        assert meeting.actual_start < rating.scored_at <= meeting.actual_end  # type: ignore[operator]
        assert meeting.minutes_final_at < rating.submitted_at <= rating.approved_at
        assert timedelta(days=1) < rating.final_at - meeting.actual_end < timedelta(days=14)
        votes = (rating.vote_for or 0) + (rating.vote_against or 0) + (rating.vote_abstain or 0)
        assert rating.vote_eligible == await voting_base(demo_session, meeting)
        assert 0 < votes <= rating.vote_eligible
        # the cell adopted the proposed level (the default pass rule)
        assert rating.vote_for is not None
        assert passes(DEFAULT_PASS_RULE, rating.vote_for, rating.vote_eligible)
        # the facts as scored: a value and where it came from, per fact
        assert {"attendance_rate", "speaker_share", "duration_minutes"} <= set(rating.facts)
        assert all(set(f) == {"value", "source"} and f["source"] for f in rating.facts.values())


async def test_thematic_meetings_rated_on_their_sheet(demo_session: AsyncSession) -> None:
    sheets = {s.id: s.code for s in (await demo_session.scalars(select(RatingSheet))).all()}
    thematic = [
        (r, m) for r, m in await _ratings(demo_session) if m.meeting_type is MeetingType.thematic
    ]
    held = await demo_meetings.held_demo_meetings(demo_session, MeetingType.thematic)
    assert len(held) >= 8
    assert sorted(m.id for _, m in thematic) == sorted(m.id for m in held)
    assert {sheets[r.sheet_id] for r, _ in thematic} == {"qd17-thematic"}
    assert {r.status for r, _ in thematic} == {RatingStatus.final}


async def test_every_act_is_an_event(demo_session: AsyncSession) -> None:
    ratings = [r for r, _ in await _ratings(demo_session)]
    events: dict[int, list[RatingEvent]] = defaultdict(list)
    for event in (
        await demo_session.scalars(
            select(RatingEvent)
            .where(RatingEvent.rating_id.in_([r.id for r in ratings]))
            .order_by(RatingEvent.at, RatingEvent.id)
        )
    ).all():
        events[event.rating_id].append(event)
    for rating in ratings:
        acts = events[rating.id]
        last = "adjusted" if rating.adjustment_reason else "approved"
        assert [e.action for e in acts] == [
            "created",
            "scored",
            "voted",
            "submitted",
            last,
            "final",
        ]
        assert {e.actor_user_id for e in acts[:3]} == {rating.scored_by_user_id}
        assert acts[1].at == rating.scored_at and acts[1].total == rating.self_total
        assert acts[1].level == rating.proposed_level
        assert acts[3].at == rating.submitted_at
        assert {e.actor_user_id for e in acts[4:]} == {rating.approved_by_user_id}
        assert acts[4].at == acts[5].at == rating.approved_at == rating.final_at
        assert acts[4].total == acts[5].total == rating.approved_total
        assert acts[4].level == acts[5].level == rating.approved_level
        assert acts[4].reason == rating.adjustment_reason


async def test_some_ratings_adjusted_by_the_committee(demo_session: AsyncSession) -> None:
    ratings = [r for r, _ in await _ratings(demo_session)]
    adjusted = [r for r in ratings if r.adjustment_reason]
    regular_adjusted = [
        r
        for r, m in await _ratings(demo_session)
        if r.adjustment_reason and m.meeting_type.value == "regular"
    ]
    assert 0.1 <= len(adjusted) / len(ratings) <= 0.25  # about one in six
    assert len(regular_adjusted) >= 4
    for rating in adjusted:
        assert rating.adjustment_reason and "Đảng ủy" in rating.adjustment_reason
        assert rating.approved_total is not None and rating.self_total is not None
        assert rating.approved_total < rating.self_total
        assert rating.approved_entries != rating.self_entries
        lowered = [
            code
            for code, entry in (rating.approved_entries or {}).items()
            if entry.get("points") != rating.self_entries[code].get("points")
        ]
        assert lowered
        for code in lowered:
            entry = (rating.approved_entries or {})[code]
            assert entry["points"] < rating.self_entries[code]["points"]
            assert entry["note"].strip()  # a deduction carries its reason
    for rating in ratings:
        if not rating.adjustment_reason:
            assert rating.approved_entries == rating.self_entries
            assert rating.approved_total == rating.self_total
            assert rating.approved_level == rating.self_level


async def test_levels_spread_over_the_year(demo_session: AsyncSession) -> None:
    cells = await _cells(demo_session)
    regular = [
        (r, m) for r, m in await _ratings(demo_session) if m.meeting_type is MeetingType.regular
    ]
    levels = Counter(r.approved_level for r, _ in regular)
    assert levels[Level.good] >= 8 and levels[Level.fair] >= 8
    assert 1 <= levels[Level.average] <= 6  # a few Trung bình
    assert levels[Level.poor] == 0
    assert levels[Level.good] + levels[Level.fair] >= 0.8 * len(regular)
    # the cell with the short meetings is rated lowest, and its short meetings lowest of all
    totals: dict[str, list[float]] = defaultdict(list)
    for rating, _ in regular:
        assert rating.approved_total is not None
        totals[cells[rating.unit_id]].append(rating.approved_total)
    averages = {code: sum(t) / len(t) for code, t in totals.items()}
    assert min(averages, key=averages.__getitem__) == demo_meetings.SHORT_MEETING_CELL
    short = [
        r
        for r, m in regular
        if cells[r.unit_id] == demo_meetings.SHORT_MEETING_CELL
        and (m.actual_end - m.actual_start) < timedelta(minutes=90)  # type: ignore[operator]
    ]
    assert len(short) == len(demo_meetings.SHORT_MEETING_MONTHS)
    for rating in short:  # the cell says why; the committee approves them at most Trung bình
        assert rating.self_entries["c4.steps"]["note"]
        assert rating.approved_level is Level.average, rating.adjustment_reason
        assert rating.adjustment_reason is None or "phút" in rating.adjustment_reason


async def test_documents_score_from_the_record(demo_session: AsyncSession) -> None:
    """The ratings were computed after the documents were loaded: "documents sent at least 1
    day before" and "draft resolution" are what the meeting's documents say, and score so."""
    points = {
        MeetingType.regular: ("c3.documents", 2.0),
        MeetingType.thematic: ("t1.documents", 5.0),
    }
    on_time: Counter[MeetingType] = Counter()
    rated: Counter[MeetingType] = Counter()
    for rating, meeting in await _ratings(demo_session):
        documents = (
            await demo_session.scalars(select(Document).where(Document.meeting_id == meeting.id))
        ).all()
        deadline = meeting.planned_start - timedelta(days=1)
        ahead = [d for d in documents if d.kind in PREPARATION_KINDS]
        expected = bool(ahead) and all(
            d.sent_at is not None and d.sent_at <= deadline for d in ahead
        )
        assert rating.facts["documents_on_time"]["value"] is expected, meeting.title
        item, full = points[meeting.meeting_type]
        assert rating.self_points[item] == (full if expected else 0.0), meeting.title
        if meeting.meeting_type is MeetingType.regular:
            draft = any(
                d.kind is DocumentKind.draft_resolution
                and d.sent_at is not None
                and d.sent_at <= (meeting.actual_start or meeting.planned_start)
                for d in documents
            )
            assert rating.facts["draft_resolution_sent"]["value"] is draft, meeting.title
            assert rating.self_points["c3.draft"] == (2.0 if draft else 0.0)
        on_time[meeting.meeting_type] += expected
        rated[meeting.meeting_type] += 1
    # most meetings had their documents in time, not all (the demo's late and missing months)
    for kind in (MeetingType.regular, MeetingType.thematic):
        assert 0.5 * rated[kind] < on_time[kind] < rated[kind], kind
    late_or_missing = sum(
        len(demo_documents.LATE_DOCUMENTS.get(code, ()))
        + len(demo_documents.MISSING_DOCUMENTS.get(code, ()))
        for code in seed.NOI_VU_CELL_CODES
    )
    assert on_time[MeetingType.regular] == rated[MeetingType.regular] - late_or_missing


async def test_an_unexcused_absence_caps_a_meeting(demo_session: AsyncSession) -> None:
    """A meeting scored Tốt by its points is held to Khá by an unexcused absence, wherever the
    data allow it (an unexcused absence at a meeting that full marks would make Tốt)."""
    sheets = await _definitions(demo_session)
    regular = [r for r, m in await _ratings(demo_session) if m.meeting_type is MeetingType.regular]
    possible = []
    for rating in regular:
        if not rating.facts["unexcused_count"]["value"]:
            continue
        sheet = sheets[rating.sheet_id]
        entries = _entries(rating.self_entries)
        for item in sheet.items():
            if item.source == "judged":
                entries[item.code] = JudgedEntry(points=item.max_points)
        best = score(sheet, facts_from_snapshot(rating.facts), entries)
        if best.level_by_points == "good":
            possible.append(rating)
    assert len([r for r in regular if r.facts["unexcused_count"]["value"]]) >= 1
    capped = [
        r
        for r in regular
        if "unexcused_not_good" in r.caps_applied
        and r.self_total is not None
        and r.self_total >= 90
    ]
    assert bool(capped) == bool(possible)
    for rating in capped:
        assert rating.self_level is Level.fair and rating.approved_level is Level.fair
        assert rating.facts["unexcused_count"]["value"] > 0


async def test_stored_scores_are_the_engines(demo_session: AsyncSession) -> None:
    sheets = await _definitions(demo_session)
    rows = [
        *(await _ratings(demo_session)),
        *(await _ratings(demo_session, RatingKind.inspection)),
    ]
    assert rows
    for rating, meeting in rows:
        sheet = sheets[rating.sheet_id]
        facts = facts_from_snapshot(rating.facts)
        scores: list[tuple[dict[str, Any], Any, Any, Any]] = [
            (rating.self_entries, rating.self_points, rating.self_total, rating.self_level)
        ]
        if rating.approved_entries is not None:
            scores.append(
                (
                    rating.approved_entries,
                    rating.approved_points,
                    rating.approved_total,
                    rating.approved_level,
                )
            )
        for entries, points, total, level in scores:
            result = score(sheet, facts, _entries(entries))
            assert result.problems == [], (meeting.id, result.problems)
            assert result.total == total, meeting.id
            assert Level(result.level) == level, meeting.id
            assert {i.code: i.points for i in result.items} == points
        first = score(sheet, facts, _entries(rating.self_entries))
        assert first.caps_applied == rating.caps_applied
        if rating.approved_entries is not None:
            approved = score(sheet, facts, _entries(rating.approved_entries))
            assert approved.caps_applied == rating.approved_caps_applied
        # judged entries: deductions always say why
        for entries, *_ in scores:
            maxima = {i.code: i.max_points for i in sheet.items()}
            for code, entry in entries.items():
                if entry.get("points") is not None and entry["points"] < maxima[code]:
                    assert entry.get("note"), (meeting.id, code)


async def test_the_inspection_and_its_conclusion(demo_session: AsyncSession) -> None:
    base = await unit_id(demo_session, seed.BASE_CODE)
    cell = await unit_id(demo_session, demo.INSPECTED_CELL)
    users = await _users(demo_session)
    inspection = (await demo_session.scalars(select(Inspection))).one()
    meeting = await demo_session.get(Meeting, inspection.meeting_id)
    assert meeting is not None
    assert meeting.unit_id == cell and meeting.meeting_type is MeetingType.regular
    plan = await demo_session.get(InspectionPlan, inspection.plan_id)
    assert plan is not None and plan.unit_id == base and plan.year == meeting.period_year
    assert plan.title and plan.content
    assert users[inspection.inspector_user_id] == demo.INSPECTOR
    assert inspection.status is InspectionStatus.concluded
    assert inspection.findings and "Hạn chế" in inspection.findings
    assert inspection.conclusion_number == demo.CONCLUSION_NUMBER == "05-TB/ĐU"
    assert inspection.conclusion_text and "KẾT LUẬN" in inspection.conclusion_text
    assert inspection.concluded_at is not None and meeting.actual_end is not None
    assert inspection.concluded_at > meeting.actual_end
    assert users[inspection.concluded_by_user_id] == "dangbo.noivu"  # type: ignore[index]
    # the inspector's rating: on the same sheet and facts, a little stricter than the cell's
    ratings = {
        r.kind: r
        for r in (
            await demo_session.scalars(
                select(MeetingRating).where(MeetingRating.meeting_id == meeting.id)
            )
        ).all()
    }
    own, inspected = ratings[RatingKind.self_rating], ratings[RatingKind.inspection]
    assert inspected.inspection_id == inspection.id
    assert inspected.status is RatingStatus.final and inspected.final_at is not None
    assert inspected.scored_by_user_id == inspection.inspector_user_id
    assert inspected.sheet_id == own.sheet_id and inspected.facts == own.facts
    assert inspected.self_total is not None and own.self_total is not None
    assert 0 < own.self_total - inspected.self_total <= 10
    assert f"{inspected.self_total:g}" in inspection.findings
    # the findings on the documents are the record's
    on_time = own.facts["documents_on_time"]["value"]
    draft = own.facts["draft_resolution_sent"]["value"]
    sent_ahead = "Tài liệu và dự thảo nghị quyết gửi đảng viên trước" in inspection.findings
    assert sent_ahead is bool(on_time and draft)
    assert ("chưa gửi trước cho đảng viên" in inspection.findings) is (not on_time)
    events = (
        await demo_session.scalars(
            select(RatingEvent)
            .where(RatingEvent.rating_id == inspected.id)
            .order_by(RatingEvent.at, RatingEvent.id)
        )
    ).all()
    assert [e.action for e in events] == ["scored", "submitted"]
    assert inspected.submitted_at is not None
    assert inspected.final_at == inspected.submitted_at < inspection.concluded_at
    follow_ups = (
        await demo_session.scalars(
            select(FollowUpItem)
            .where(FollowUpItem.inspection_id == inspection.id)
            .order_by(FollowUpItem.id)
        )
    ).all()
    assert 2 <= len(follow_ups) <= 3
    statuses = Counter(f.status for f in follow_ups)
    assert statuses[FollowUpStatus.done] == 1
    assert statuses[FollowUpStatus.open] == len(follow_ups) - 1
    for item in follow_ups:
        assert item.title and item.owner_member_id is not None and item.due_date is not None
        assert (item.done_on is not None) == (item.status is FollowUpStatus.done)


async def _counts(session: AsyncSession) -> tuple[int, ...]:
    counts = []
    for model in (MeetingRating, RatingEvent, InspectionPlan, Inspection, FollowUpItem):
        counts.append(await session.scalar(select(func.count()).select_from(model)) or 0)
    return tuple(counts)


async def test_seeding_again_adds_nothing(demo_session: AsyncSession) -> None:
    before = await _counts(demo_session)
    assert await demo.seed_demo_ratings(demo_session) is False
    assert await seed.seed_demo(demo_session) is False
    await demo_session.flush()
    assert await _counts(demo_session) == before


async def _remove_demo_ratings(session: AsyncSession) -> None:
    cells = list(await _cells(session))
    ratings = select(MeetingRating.id).where(MeetingRating.unit_id.in_(cells))
    await session.execute(delete(RatingEvent).where(RatingEvent.rating_id.in_(ratings)))
    await session.execute(delete(MeetingRating).where(MeetingRating.unit_id.in_(cells)))
    await session.execute(delete(FollowUpItem))
    await session.execute(delete(Inspection))
    await session.execute(delete(InspectionPlan))
    session.expunge_all()


async def test_seeding_is_deterministic_and_needs_the_meetings(
    demo_session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def summary(rows: list[tuple[MeetingRating, Meeting]]) -> list[tuple[Any, ...]]:
        return [
            (m.id, r.self_total, r.approved_total, r.adjustment_reason, r.vote_for) for r, m in rows
        ]

    before = summary(await _ratings(demo_session))
    counts = await _counts(demo_session)
    await _remove_demo_ratings(demo_session)
    assert await _counts(demo_session) == (0, 0, 0, 0, 0)

    async def no_meetings(*_args: Any, **_kwargs: Any) -> list[Meeting]:
        return []

    with monkeypatch.context() as patch:
        patch.setattr(demo, "held_demo_meetings", no_meetings)
        assert await demo.seed_demo_ratings(demo_session) is False
    assert await _counts(demo_session) == (0, 0, 0, 0, 0)

    # The same day gives the same ratings at any hour: loaded again just before midnight.
    with clock.pinned(vietnam_moment(clock.today(), time(23, 59))):
        assert await demo.seed_demo_ratings(demo_session) is True
    await demo_session.flush()
    assert await _counts(demo_session) == counts
    assert summary(await _ratings(demo_session)) == before
    base = await demo_session.scalar(select(Unit.id).where(Unit.code == seed.BASE_CODE))
    assert (
        await demo_session.scalar(
            select(func.count(InspectionPlan.id)).where(InspectionPlan.unit_id == base)
        )
        == 1
    )


async def test_a_member_sees_the_final_ratings_of_the_cell(
    client: httpx.AsyncClient, login: Any, session: AsyncSession
) -> None:
    cells = {code: cell for cell, code in (await _cells(session)).items()}
    ratings = await _ratings(session)
    mine = [
        (r, m)
        for r, m in ratings
        if m.unit_id == cells[seed.CELL_NOI_VU] and m.meeting_type is MeetingType.regular
    ]
    own = next(((r, m) for r, m in mine if r.adjustment_reason), mine[0])  # adjusted if any
    adjusted = own[0].adjustment_reason is not None
    other = next(m for _, m in ratings if m.unit_id == cells[seed.CELL_THI_DUA])
    headers = await login("dangvien.noivu")
    response = await client.get(f"/api/v1/meetings/{own[1].id}/ratings", headers=headers)
    assert response.status_code == 200, response.text
    [listed] = response.json()
    assert listed["id"] == own[0].id and listed["status"] == "final"
    assert listed["approved_total"] == own[0].approved_total
    assert listed["self_total"] == own[0].self_total
    response = await client.get(f"/api/v1/ratings/{own[0].id}", headers=headers)
    assert response.status_code == 200, response.text
    detail = response.json()
    assert detail["adjustment_reason"] == own[0].adjustment_reason
    assert sum(i["approved_points"] for i in detail["items"]) == own[0].approved_total
    assert any(i["adjusted"] for i in detail["items"]) == adjusted
    # another cell's meeting is out of the member's sight
    response = await client.get(f"/api/v1/meetings/{other.id}/ratings", headers=headers)
    assert response.status_code == 404, response.text
