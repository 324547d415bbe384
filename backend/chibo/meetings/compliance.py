"""Compliance with the meeting norms, per cell and month (regular meeting held, committee
meeting before it, documents on time, duration, minutes final on time) and per quarter
(thematic meeting held). Facts per meeting come from one aggregate query; months that have
begun without a meeting count as missed, never silently dropped."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.principal import Principal
from chibo.core.clock import today
from chibo.core.errors import NotFound
from chibo.documents.models import PREPARATION_KINDS, Document
from chibo.meetings.models import Meeting, MeetingNorms, MeetingStatus, MeetingType
from chibo.meetings.norms import NormsRules
from chibo.meetings.schemas import CellCompliance, MonthCompliance, QuarterCompliance
from chibo.meetings.service import MeetingService
from chibo.units.models import Unit, UnitKind

HELD = (MeetingStatus.held, MeetingStatus.minutes_final)


@dataclass(frozen=True)
class MeetingFacts:
    id: int
    type: MeetingType
    status: MeetingStatus
    month: int
    thematic_part: bool
    planned_start: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    minutes_final_at: datetime | None
    norms_id: int | None
    documents: int
    last_sent: datetime | None
    unsent: int
    committee_before: bool


# How long before a cell meeting its committee meeting may be held and still prepare it.
COMMITTEE_LEAD_DAYS = 20


class ComplianceService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_unit(self, principal: Principal, unit_id: int, year: int) -> list[CellCompliance]:
        root = await MeetingService(self.session).visible_unit(principal, unit_id)
        if root is None:
            raise NotFound()
        cells = list(
            (
                await self.session.scalars(
                    select(Unit)
                    .where(Unit.path.like(f"{root.path}%"), Unit.kind == UnitKind.cell)
                    .order_by(Unit.path)
                )
            ).all()
        )
        if not cells:
            return []
        facts = await self._meeting_facts([c.id for c in cells], year)
        rules = await self._rules(facts)
        now = today()
        result = []
        for cell in cells:
            months = []
            for month in range(1, 13):
                regular = next(
                    (
                        f
                        for f in facts.get(cell.id, [])
                        if f.type is MeetingType.regular
                        and f.month == month
                        and f.status is not MeetingStatus.cancelled
                    ),
                    None,
                )
                months.append(self._month(regular, month, year, now, rules))
            quarters = []
            for quarter in range(1, 5):
                held = sum(
                    1
                    for f in facts.get(cell.id, [])
                    if f.status in HELD
                    and (f.month - 1) // 3 + 1 == quarter
                    and (f.type is MeetingType.thematic or f.thematic_part)
                )
                required = (
                    min(
                        (
                            NormsRules.model_validate(r).thematic_meetings_per_quarter
                            for r in rules.values()
                        ),
                        default=1,
                    )
                    if rules
                    else 1
                )
                quarters.append(
                    QuarterCompliance(
                        quarter=quarter,
                        thematic_held=held,
                        thematic_required=required,
                        met=held >= required,
                    )
                )
            result.append(
                CellCompliance(
                    unit_id=cell.id,
                    unit_name=cell.name,
                    year=year,
                    months=months,
                    quarters=quarters,
                )
            )
        return result

    def _month(
        self,
        regular: MeetingFacts | None,
        month: int,
        year: int,
        now: date,
        rules: dict[int, dict[str, Any]],
    ) -> MonthCompliance:
        due = date(year, month, 1) <= now
        if regular is None:
            return MonthCompliance(
                month=month,
                regular_meeting_id=None,
                regular_held=False,
                committee_meeting_before=False,
                documents_on_time=False,
                duration_met=False,
                minutes_final_on_time=False,
                due=due,
            )
        norms = NormsRules.model_validate(rules.get(regular.norms_id or 0) or {})
        start, end = regular.actual_start, regular.actual_end
        planned = regular.planned_start
        assert isinstance(planned, datetime)
        duration_ok = (
            isinstance(start, datetime)
            and isinstance(end, datetime)
            and (end - start) >= timedelta(minutes=norms.min_duration(bool(regular.thematic_part)))
        )
        docs_deadline = planned - timedelta(days=norms.documents_days_before)
        last_sent = regular.last_sent
        documents_ok = (
            bool(regular.documents)
            and not regular.unsent
            and (isinstance(last_sent, datetime) and last_sent <= docs_deadline)
        )
        final_at = regular.minutes_final_at
        minutes_ok = (
            isinstance(final_at, datetime)
            and isinstance(end, datetime)
            and (final_at <= end + timedelta(days=norms.minutes_final_within_days))
        )
        return MonthCompliance(
            month=month,
            regular_meeting_id=regular.id,
            regular_held=regular.status in HELD,
            committee_meeting_before=bool(regular.committee_before),
            documents_on_time=documents_ok,
            duration_met=duration_ok,
            minutes_final_on_time=minutes_ok,
            due=due,
        )

    async def _rules(self, facts: dict[int, list[MeetingFacts]]) -> dict[int, dict[str, Any]]:
        ids = {f.norms_id for fs in facts.values() for f in fs if f.norms_id is not None}
        if not ids:
            return {}
        rows = await self.session.execute(
            select(MeetingNorms.id, MeetingNorms.rules).where(MeetingNorms.id.in_(ids))
        )
        return {norms_id: rules for norms_id, rules in rows.all()}

    async def _meeting_facts(self, cell_ids: list[int], year: int) -> dict[int, list[MeetingFacts]]:
        documents = (
            select(
                Document.meeting_id.label("meeting_id"),
                func.count(Document.id).label("documents"),
                func.max(Document.sent_at).label("last_sent"),
                func.sum(case((Document.sent_at.is_(None), 1), else_=0)).label("unsent"),
            )
            .where(Document.withdrawn_at.is_(None), Document.kind.in_(PREPARATION_KINDS))
            .group_by(Document.meeting_id)
            .subquery()
        )
        query = (
            select(
                Meeting.id,
                Meeting.unit_id,
                Meeting.meeting_type,
                Meeting.status,
                Meeting.period_year,
                Meeting.period_month,
                Meeting.has_thematic_part,
                Meeting.planned_start,
                Meeting.actual_start,
                Meeting.actual_end,
                Meeting.minutes_final_at,
                Meeting.norms_id,
                Meeting.preparation_meeting_id,
                documents.c.documents,
                documents.c.last_sent,
                documents.c.unsent,
            )
            .outerjoin(documents, documents.c.meeting_id == Meeting.id)
            .where(Meeting.unit_id.in_(cell_ids), Meeting.period_year.in_([year - 1, year]))
            .order_by(Meeting.planned_start)
        )
        rows = (await self.session.execute(query)).all()
        # Committee meetings held, per cell, to find the one before each regular meeting.
        held_committee: dict[int, list[tuple[int, datetime]]] = {}
        for row in rows:
            if row.meeting_type is MeetingType.committee and row.status in HELD:
                held_committee.setdefault(row.unit_id, []).append((row.id, row.planned_start))
        facts: dict[int, list[MeetingFacts]] = {}
        for row in rows:
            if row.period_year != year:
                continue  # last year's rows serve only as committee meetings before January
            earliest = row.planned_start - timedelta(days=COMMITTEE_LEAD_DAYS)
            before = any(
                cid == row.preparation_meeting_id or earliest <= start < row.planned_start
                for cid, start in held_committee.get(row.unit_id, [])
            )
            facts.setdefault(row.unit_id, []).append(
                MeetingFacts(
                    id=row.id,
                    type=row.meeting_type,
                    status=row.status,
                    month=row.period_month,
                    thematic_part=row.has_thematic_part,
                    planned_start=row.planned_start,
                    actual_start=row.actual_start,
                    actual_end=row.actual_end,
                    minutes_final_at=row.minutes_final_at,
                    norms_id=row.norms_id,
                    documents=row.documents or 0,
                    last_sent=_aware(row.last_sent),
                    unsent=row.unsent or 0,
                    committee_before=before,
                )
            )
        return facts


def _aware(value: datetime | None) -> datetime | None:
    """Aggregates bypass the column type: SQLite hands back naive UTC (or text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


async def committee_meeting_before(session: AsyncSession, meeting: Meeting) -> bool:
    """Whether the cell's committee met to prepare this meeting: the linked preparation
    meeting, or a committee meeting held in the weeks before."""
    earliest = meeting.planned_start - timedelta(days=COMMITTEE_LEAD_DAYS)
    query = select(Meeting.id).where(
        Meeting.unit_id == meeting.unit_id,
        Meeting.meeting_type == MeetingType.committee,
        Meeting.status.in_(HELD),
        Meeting.id != meeting.id,
    )
    linked = meeting.preparation_meeting_id
    window = (Meeting.planned_start >= earliest) & (Meeting.planned_start < meeting.planned_start)
    query = query.where(window | (Meeting.id == linked) if linked else window)
    return await session.scalar(query.limit(1)) is not None
