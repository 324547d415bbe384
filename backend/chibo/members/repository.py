"""Member reads, scoped to the caller's subtree.

A member is visible to a caller when the cell carrying them lies in the caller's subtree, or
when they are temporarily attending (sinh hoạt tạm thời) a cell in it today.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, SQLColumnExpression, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from chibo.auth.principal import Principal
from chibo.core.clock import today
from chibo.core.pagination import paginate
from chibo.core.text import fold, like_escape
from chibo.members.models import (
    CommitteePosition,
    Exemption,
    Member,
    MemberEvent,
    MemberState,
    MemberStatus,
    OfficialProposal,
    OfficialProposalStatus,
    TemporaryTransfer,
)
from chibo.units.models import Unit, UnitKind


@dataclass(frozen=True)
class MemberCounts:
    total: int
    official: int
    probationary: int


def _units_under(path_condition: ColumnElement[bool]) -> Select[int]:
    return select(Unit.id).where(path_condition)


def active_on(
    start: SQLColumnExpression[date], end: SQLColumnExpression[date | None], day: date
) -> ColumnElement[bool]:
    """A dated period that covers `day` (open-ended when the end is null)."""
    return and_(start <= day, or_(end.is_(None), end >= day))


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _in_units(self, unit_ids: Select[int]) -> ColumnElement[bool]:
        hosted = select(TemporaryTransfer.member_id).where(
            TemporaryTransfer.host_unit_id.in_(unit_ids),
            active_on(TemporaryTransfer.start_date, TemporaryTransfer.end_date, today()),
        )
        return or_(Member.unit_id.in_(unit_ids), Member.id.in_(hosted))

    def readable(self, principal: Principal) -> Select[Member]:
        query = select(Member)
        if principal.is_admin:
            return query
        return query.where(self._in_units(_units_under(principal.path_filter(Unit.path))))

    async def get_readable(self, principal: Principal, member_id: int) -> Member | None:
        query = self.readable(principal).where(Member.id == member_id)
        return (await self.session.scalars(query)).one_or_none()

    async def page(
        self,
        principal: Principal,
        *,
        unit: Unit | None,
        status: MemberStatus | None,
        state: MemberState | None,
        q: str | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[Member], str | None]:
        query = self.readable(principal)
        if unit is not None:
            query = query.where(self._in_units(_units_under(Unit.path.like(f"{unit.path}%"))))
        if status is not None:
            query = query.where(Member.status == status)
        if state is not None:
            query = query.where(Member.state == state)
        if q and q.strip():
            needle = like_escape(fold(q))
            query = query.where(
                or_(
                    Member.name_folded.like(f"%{needle}%", escape="\\"),
                    Member.party_card_number.like(f"{like_escape(q.strip())}%", escape="\\"),
                )
            )
        # Vietnamese order: given name, then family and middle names; id breaks ties.
        return await paginate(
            self.session, query, [Member.sort_key, Member.id], cursor=cursor, limit=limit
        )

    async def find_duplicate(
        self,
        *,
        party_card_number: str | None = None,
        external_id: str | None = None,
        exclude_id: int | None = None,
    ) -> str | None:
        """Which unique identifier (unscoped: uniqueness is global) is already taken, if any."""
        for field, value in (
            ("party_card_number", party_card_number),
            ("external_id", external_id),
        ):
            if value is None:
                continue
            query = select(Member.id).where(getattr(Member, field) == value)
            if exclude_id is not None:
                query = query.where(Member.id != exclude_id)
            if await self.session.scalar(query.limit(1)) is not None:
                return field
        return None

    async def counts_in_subtree(self, path: str) -> MemberCounts:
        """Active members on the rolls of the units under `path`."""
        query = select(
            func.count(Member.id),
            func.coalesce(func.sum(case((Member.status == MemberStatus.official, 1), else_=0)), 0),
        ).where(
            Member.unit_id.in_(_units_under(Unit.path.like(f"{path}%"))),
            Member.state == MemberState.active,
        )
        total, official = (await self.session.execute(query)).one()
        return MemberCounts(total=total, official=official, probationary=total - official)

    async def understaffed_cells(
        self, principal: Principal, required: int
    ) -> list[tuple[Unit, int]]:
        official = func.count(Member.id)
        query = (
            select(Unit, official)
            .outerjoin(
                Member,
                and_(
                    Member.unit_id == Unit.id,
                    Member.status == MemberStatus.official,
                    Member.state == MemberState.active,
                ),
            )
            .where(
                Unit.kind == UnitKind.cell, Unit.active.is_(True), principal.path_filter(Unit.path)
            )
            .group_by(Unit.id)
            .having(official < required)
            .order_by(Unit.path)
        )
        return [(unit, count) for unit, count in (await self.session.execute(query)).all()]

    async def proposals(self, member_ids: list[int]) -> dict[int, list[OfficialProposal]]:
        """Each member's proposals to become official, newest first."""
        if not member_ids:
            return {}
        query = (
            select(OfficialProposal)
            .where(OfficialProposal.member_id.in_(member_ids))
            .order_by(OfficialProposal.proposed_at.desc(), OfficialProposal.id.desc())
        )
        found: dict[int, list[OfficialProposal]] = {}
        for proposal in (await self.session.scalars(query)).all():
            found.setdefault(proposal.member_id, []).append(proposal)
        return found

    async def open_proposal(self, member_id: int) -> OfficialProposal | None:
        query = select(OfficialProposal).where(
            OfficialProposal.member_id == member_id,
            OfficialProposal.status == OfficialProposalStatus.proposed,
        )
        return (await self.session.scalars(query)).one_or_none()

    async def probationary_admitted_by(self, principal: Principal, cutoff: date) -> list[Member]:
        """Active probationary members admitted on or before `cutoff` (their probation is over)."""
        query = (
            self.readable(principal)
            .where(
                Member.status == MemberStatus.probationary,
                Member.state == MemberState.active,
                Member.admission_date <= cutoff,
            )
            .order_by(Member.admission_date, Member.id)
        )
        return list((await self.session.scalars(query)).all())

    async def admissions(
        self, principal: Principal, unit: Unit, start: date, end: date
    ) -> list[tuple[Member, Unit]]:
        """Members on the rolls of a cell under `unit` admitted between `start` and `end`
        (both included), with their cell; members who have since left count too."""
        query = (
            self.readable(principal)
            .add_columns(Unit)
            .join(Unit, Unit.id == Member.unit_id)
            .where(
                Unit.path.like(f"{unit.path}%"),
                Member.admission_date >= start,
                Member.admission_date <= end,
            )
            .order_by(Member.admission_date, Member.sort_key, Member.id)
        )
        return [(m, u) for m, u in (await self.session.execute(query)).all()]

    async def events(self, member_id: int) -> list[MemberEvent]:
        query = (
            select(MemberEvent)
            .where(MemberEvent.member_id == member_id)
            .order_by(MemberEvent.occurred_on, MemberEvent.id)
        )
        return list((await self.session.scalars(query)).all())

    async def exemptions(self, member_id: int) -> list[Exemption]:
        query = (
            select(Exemption).where(Exemption.member_id == member_id).order_by(Exemption.start_date)
        )
        return list((await self.session.scalars(query)).all())

    async def temporary_transfers(self, member_id: int) -> list[TemporaryTransfer]:
        query = (
            select(TemporaryTransfer)
            .where(TemporaryTransfer.member_id == member_id)
            .order_by(TemporaryTransfer.start_date)
        )
        return list((await self.session.scalars(query)).all())

    async def overlapping(
        self,
        model: type[Exemption] | type[TemporaryTransfer],
        member_id: int,
        start: date,
        end: date | None,
        exclude_id: int | None = None,
    ) -> bool:
        """Whether another period of the member overlaps [start, end]."""
        query = select(model.id).where(
            model.member_id == member_id,
            or_(model.end_date.is_(None), model.end_date >= start),
        )
        if end is not None:
            query = query.where(model.start_date <= end)
        if exclude_id is not None:
            query = query.where(model.id != exclude_id)
        return await self.session.scalar(query.limit(1)) is not None

    async def positions(
        self, unit_id: int, *, current_on: date | None
    ) -> list[tuple[CommitteePosition, str]]:
        query = (
            select(CommitteePosition, Member.full_name)
            .join(Member, Member.id == CommitteePosition.member_id)
            .where(CommitteePosition.unit_id == unit_id)
            .order_by(
                CommitteePosition.body,
                CommitteePosition.term_start.desc(),
                CommitteePosition.position,
                Member.sort_key,
            )
        )
        if current_on is not None:
            query = query.where(
                active_on(CommitteePosition.term_start, CommitteePosition.term_end, current_on)
            )
        return [(p, name) for p, name in (await self.session.execute(query)).all()]

    async def seat_holder(
        self,
        unit_id: int,
        body: str,
        position: str,
        start: date,
        end: date | None,
        exclude_id: int | None = None,
    ) -> CommitteePosition | None:
        """A seat of the same kind on the same body whose term overlaps [start, end]."""
        query = select(CommitteePosition).where(
            CommitteePosition.unit_id == unit_id,
            CommitteePosition.body == body,
            CommitteePosition.position == position,
            or_(CommitteePosition.term_end.is_(None), CommitteePosition.term_end >= start),
        )
        if end is not None:
            query = query.where(CommitteePosition.term_start <= end)
        if exclude_id is not None:
            query = query.where(CommitteePosition.id != exclude_id)
        return (await self.session.scalars(query.limit(1))).one_or_none()

    async def member_seat(
        self, unit_id: int, body: str, member_id: int, start: date, end: date | None
    ) -> CommitteePosition | None:
        """The member's seat on the body whose term overlaps [start, end] (a member may sit on
        both bodies: the deputy secretary chairs the inspection committee)."""
        query = select(CommitteePosition).where(
            CommitteePosition.unit_id == unit_id,
            CommitteePosition.body == body,
            CommitteePosition.member_id == member_id,
            or_(CommitteePosition.term_end.is_(None), CommitteePosition.term_end >= start),
        )
        if end is not None:
            query = query.where(CommitteePosition.term_start <= end)
        return (await self.session.scalars(query.limit(1))).one_or_none()

    async def get_position(self, position_id: int) -> CommitteePosition | None:
        return await self.session.get(CommitteePosition, position_id)

    async def get_exemption(self, member_id: int, exemption_id: int) -> Exemption | None:
        item = await self.session.get(Exemption, exemption_id)
        return item if item is not None and item.member_id == member_id else None

    async def get_temporary_transfer(
        self, member_id: int, transfer_id: int
    ) -> TemporaryTransfer | None:
        item = await self.session.get(TemporaryTransfer, transfer_id)
        return item if item is not None and item.member_id == member_id else None

    async def hosted_members(self, unit_id: int) -> list[Member]:
        """Members attending the cell temporarily today (sinh hoạt tạm thời)."""
        query = select(Member).where(
            Member.id.in_(
                select(TemporaryTransfer.member_id).where(
                    TemporaryTransfer.host_unit_id == unit_id,
                    active_on(TemporaryTransfer.start_date, TemporaryTransfer.end_date, today()),
                )
            )
        )
        return list((await self.session.scalars(query)).all())
