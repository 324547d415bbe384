"""Rules of the member registry: who may change a record, the dated history, positions,
exemptions and temporary transfers. Never commits: the request's session does."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.service import record, snapshot
from chibo.auth.models import Role
from chibo.auth.principal import MEMBER_MANAGER_ROLES, Principal
from chibo.config import Settings
from chibo.core.clock import today, utcnow, vietnam_date
from chibo.core.errors import ChiboError, Forbidden, NotFound, conflict, rule
from chibo.core.versioning import check_version
from chibo.meetings.norms import NormsRules
from chibo.meetings.service import MeetingService
from chibo.members.models import (
    BODY_POSITIONS,
    SHARED_POSITIONS,
    CommitteeBody,
    CommitteePosition,
    Exemption,
    Member,
    MemberEvent,
    MemberEventKind,
    MemberState,
    MemberStatus,
    OfficialProposal,
    OfficialProposalStatus,
    TemporaryTransfer,
)
from chibo.members.repository import MemberRepository
from chibo.members.rules import (
    add_months,
    check_member_dates,
    is_weekday,
    probation_end,
    proposal_deadline,
)
from chibo.members.schemas import (
    CommitteePositionCreate,
    CommitteePositionUpdate,
    ExemptionCreate,
    ExemptionUpdate,
    MemberCreate,
    MemberLeave,
    MemberUpdate,
    OfficialDecision,
    OfficialProposalCreate,
    TemporaryTransferCreate,
    TemporaryTransferEnd,
    TransferCreate,
)
from chibo.units.models import Unit, UnitKind
from chibo.units.repository import UnitRepository


@dataclass(frozen=True)
class ProbationCase:
    member: Member
    due_on: date
    days_overdue: int
    deadline: date
    overdue: bool
    proposal_status: OfficialProposalStatus | None


_LEAVE_EVENTS = {
    MemberState.transferred_out: MemberEventKind.transferred_out,
    MemberState.removed: MemberEventKind.removed,
    MemberState.deceased: MemberEventKind.deceased,
}


class MemberService:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = MemberRepository(session)
        self.units = UnitRepository(session)

    # -- reading -------------------------------------------------------------------------

    async def get(self, principal: Principal, member_id: int) -> Member:
        member = await self.repo.get_readable(principal, member_id)
        if member is None:
            raise NotFound()
        return member

    async def home_paths(self, members: list[Member]) -> dict[int, str]:
        """The path of each member's home cell, for deciding who sees sensitive fields."""
        ids = {m.unit_id for m in members}
        return await self.units.paths_of(ids)

    @staticmethod
    def sees_sensitive(principal: Principal, member: Member, home_path: str) -> bool:
        """Committees and the member's own secretary see citizen id and phone; members only
        their own."""
        if principal.role is Role.member:
            return principal.member_id == member.id
        return principal.sees(home_path)

    async def visible_unit(self, principal: Principal, unit_id: int) -> Unit:
        unit = await self.units.get_readable(principal, unit_id)
        if unit is None:
            raise NotFound(
                "The unit does not exist or is outside your scope.",
                "Đơn vị không tồn tại hoặc ngoài phạm vi của bạn.",
                details={"unit_id": unit_id},
            )
        return unit

    async def admissions(
        self, principal: Principal, unit_id: int, start: date | None, end: date | None
    ) -> tuple[Unit, date, date, list[tuple[Member, Unit]]]:
        """The admissions register of a unit (its cells', for a base committee) between `start`
        and `end`, both included; by default the ten years up to today."""
        unit = await self.visible_unit(principal, unit_id)
        end = end or today()
        start = start or add_months(end, -120)
        _period(start, end)
        return unit, start, end, await self.repo.admissions(principal, unit, start, end)

    async def probation_due(self, principal: Principal) -> list[ProbationCase]:
        """Probationary members whose 12 months are reached or overdue, oldest first, with
        the cell's deadline to propose and whether it has passed without a proposal."""
        now = today()
        months = self.settings.probation_months
        # Admitted on or before this day => the period is complete today (see add_months).
        candidates = await self.repo.probationary_admitted_by(principal, now)
        proposals = await self.repo.proposals([m.id for m in candidates])
        rules: dict[int, Callable[[date], bool]] = {}
        due = []
        for member in candidates:
            assert member.admission_date is not None
            end = probation_end(member.admission_date, months)
            if end > now:
                continue
            if member.unit_id not in rules:
                home = await self.units.get(member.unit_id)
                assert home is not None
                rules[member.unit_id] = await self._working_day_rule(home)
            deadline = proposal_deadline(
                member.admission_date,
                months,
                self.settings.official_proposal_working_days,
                rules[member.unit_id],
            )
            own = proposals.get(member.id, [])
            due.append(
                ProbationCase(
                    member,
                    end,
                    (now - end).days,
                    deadline,
                    self._overdue(deadline, own, now),
                    own[0].status if own else None,
                )
            )
        return due

    # -- writing the member record -------------------------------------------------------

    async def _manageable(self, principal: Principal, member_id: int) -> tuple[Member, Unit]:
        """A member the caller may change: on the rolls of a cell in its subtree."""
        member = await self.get(principal, member_id)
        home = await self.units.get(member.unit_id)
        assert home is not None
        if principal.role not in MEMBER_MANAGER_ROLES or not principal.sees(home.path):
            raise Forbidden()
        return member, home

    async def _cell_for_rolls(self, principal: Principal, unit_id: int) -> Unit:
        unit = await self.visible_unit(principal, unit_id)
        if unit.kind is not UnitKind.cell:
            raise rule(
                "unit_not_cell",
                "Members are carried on the rolls of a cell.",
                "Đảng viên phải thuộc một chi bộ.",
            )
        if not unit.active:
            raise rule("unit_archived", "The cell is archived.", "Chi bộ đã lưu trữ.")
        return unit

    async def _check_group(self, principal: Principal, group_id: int | None, cell: Unit) -> None:
        if group_id is None:
            return
        group = await self.units.get_readable(principal, group_id)
        if group is None or group.kind is not UnitKind.group or group.parent_id != cell.id:
            raise rule(
                "group_not_in_cell",
                "The group (tổ đảng) does not belong to the member's cell.",
                "Tổ đảng không thuộc chi bộ của đảng viên.",
            )

    async def _check_unique(
        self, *, card: str | None, external_id: str | None, exclude_id: int | None = None
    ) -> None:
        taken = await self.repo.find_duplicate(
            party_card_number=card, external_id=external_id, exclude_id=exclude_id
        )
        if taken == "party_card_number":
            raise conflict(
                "party_card_taken",
                "Another member has this party card number.",
                "Số thẻ đảng viên đã được dùng cho người khác.",
            )
        if taken == "external_id":
            raise conflict(
                "external_id_taken",
                "Another member has this national member id.",
                "Mã đảng viên quốc gia đã được dùng cho người khác.",
            )

    def _check_dates(self, member: Member | MemberCreate) -> None:
        check_member_dates(
            today=today(),
            date_of_birth=member.date_of_birth,
            admission_date=member.admission_date,
            official_date=member.official_date,
            is_official=member.status is MemberStatus.official,
            probation_months=self.settings.probation_months,
        )

    def _event(
        self, principal: Principal, member: Member, kind: MemberEventKind, day: date, **fields: Any
    ) -> MemberEvent:
        event = MemberEvent(
            member_id=member.id,
            kind=kind,
            occurred_on=day,
            recorded_by_user_id=principal.user_id,
            recorded_at=utcnow(),
            **fields,
        )
        self.session.add(event)
        return event

    async def create(self, principal: Principal, data: MemberCreate) -> Member:
        # Scope first: a cell outside the caller's subtree does not exist for it (404).
        cell = await self._cell_for_rolls(principal, data.unit_id)
        if principal.role not in MEMBER_MANAGER_ROLES:
            raise Forbidden()
        await self._check_group(principal, data.group_id, cell)
        self._check_dates(data)
        await self._check_unique(card=data.party_card_number, external_id=data.external_id)
        member = Member(**data.model_dump(exclude={"full_name"}), state=MemberState.active)
        member.set_name(data.full_name)
        self.session.add(member)
        await self.session.flush()
        if member.admission_date:
            self._event(
                principal, member, MemberEventKind.admitted, member.admission_date, unit_id=cell.id
            )
        if member.official_date:
            self._event(
                principal,
                member,
                MemberEventKind.made_official,
                member.official_date,
                unit_id=cell.id,
            )
        record(self.session, principal, action="member.create", entity=member, unit_path=cell.path)
        return member

    async def update(
        self, principal: Principal, member_id: int, data: MemberUpdate, if_match: str | None
    ) -> Member:
        member, home = await self._manageable(principal, member_id)
        check_version(member.version, data.version, if_match)
        before = snapshot(member)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        if "full_name" in changes:
            name = changes.pop("full_name")
            if name is None:
                raise rule("name_required", "A member needs a name.", "Đảng viên phải có họ tên.")
            member.set_name(name)
        for key, value in changes.items():
            setattr(member, key, value)
        self._check_dates(member)
        if "group_id" in changes:
            await self._check_group(principal, member.group_id, home)
        await self._check_unique(
            card=changes.get("party_card_number"),
            external_id=changes.get("external_id"),
            exclude_id=member.id,
        )
        await self.session.flush()
        record(
            self.session,
            principal,
            action="member.update",
            entity=member,
            unit_path=home.path,
            before=before,
        )
        return member

    # -- becoming official (QĐ 294, point 4.2) --------------------------------------------

    async def _working_day_rule(self, unit: Unit) -> Callable[[date], bool]:
        """Working days: Monday to Friday, less the public holidays listed in the norms in
        force for the cell (fixed "MM-DD" ones and extra dates; lunar holidays such as Tết
        count only when the province lists them there)."""
        try:
            norms = await MeetingService(self.session).norms_for(unit, today())
        except ChiboError:  # no norms loaded: weekends only
            return is_weekday
        slot = NormsRules.model_validate(norms.rules).default_slot
        fixed, extra = set(slot.fixed_holidays), set(slot.extra_holidays)
        return lambda day: (
            is_weekday(day) and day.strftime("%m-%d") not in fixed and day not in extra
        )

    async def _deadline(self, member: Member, unit: Unit) -> date | None:
        if member.admission_date is None or member.status is MemberStatus.official:
            return None
        return proposal_deadline(
            member.admission_date,
            self.settings.probation_months,
            self.settings.official_proposal_working_days,
            await self._working_day_rule(unit),
        )

    @staticmethod
    def _overdue(deadline: date | None, proposals: list[OfficialProposal], now: date) -> bool:
        """The cell has let the deadline pass without proposing."""
        if deadline is None:
            return False
        first = min((p.proposed_at for p in proposals), default=None)
        if first is None:
            return now > deadline
        return vietnam_date(first) > deadline

    async def official_status(
        self, principal: Principal, member_id: int
    ) -> tuple[Member, date | None, date | None, bool, list[OfficialProposal], bool, bool]:
        member = await self.get(principal, member_id)
        home = await self.units.get(member.unit_id)
        assert home is not None
        proposals = (await self.repo.proposals([member.id])).get(member.id, [])
        probationary = (
            member.status is MemberStatus.probationary
            and member.state is MemberState.active
            and member.admission_date is not None
        )
        eligible = (
            probation_end(member.admission_date, self.settings.probation_months)
            if probationary and member.admission_date is not None
            else None
        )
        deadline = await self._deadline(member, home) if probationary else None
        pending = any(p.status is OfficialProposalStatus.proposed for p in proposals)
        now = today()
        can_propose = (
            probationary
            and not pending
            and eligible is not None
            and eligible <= now
            and _proposes(principal, home)
        )
        can_decide = pending and _decides(principal, home)
        overdue = self._overdue(deadline, proposals, now)
        return member, eligible, deadline, overdue, proposals, can_propose, can_decide

    async def _probationer(self, principal: Principal, member_id: int) -> tuple[Member, Unit]:
        member = await self.get(principal, member_id)
        home = await self.units.get(member.unit_id)
        assert home is not None
        return member, home

    async def propose_official(
        self, principal: Principal, member_id: int, data: OfficialProposalCreate
    ) -> OfficialProposal:
        """The cell's secretary proposes, after the cell voted (its resolution is cited)."""
        member, home = await self._probationer(principal, member_id)
        if not _proposes(principal, home):
            raise Forbidden(
                "Only the secretary (or deputy) of the member's cell proposes official status, "
                "after the cell's vote.",
                "Chỉ bí thư (phó bí thư) chi bộ của đảng viên đề nghị công nhận đảng viên chính "
                "thức, sau khi chi bộ biểu quyết.",
            )
        _require_active(member)
        _require_probationary(member)
        assert member.admission_date is not None
        eligible = probation_end(member.admission_date, self.settings.probation_months)
        if data.cell_vote_on < eligible:
            raise rule(
                "probation_not_complete",
                f"The cell considers official status once the {self.settings.probation_months} "
                f"months of probation are over: from {eligible:%d/%m/%Y}.",
                f"Chi bộ chỉ xét công nhận chính thức khi đã hết "
                f"{self.settings.probation_months} tháng dự bị: từ ngày {eligible:%d/%m/%Y}.",
                details={"earliest_official_date": eligible.isoformat()},
            )
        _not_future(data.cell_vote_on)
        if await self.repo.open_proposal(member.id) is not None:
            raise conflict(
                "proposal_pending",
                "A proposal for this member already waits for the base committee's decision.",
                "Đã có đề nghị công nhận chính thức đang chờ Đảng ủy cơ sở quyết định.",
            )
        proposal = OfficialProposal(
            member_id=member.id,
            unit_id=home.id,
            status=OfficialProposalStatus.proposed,
            cell_vote_on=data.cell_vote_on,
            cell_resolution_ref=data.cell_resolution_ref,
            note=data.note,
            proposed_by_user_id=principal.user_id,
            proposed_at=utcnow(),
        )
        self.session.add(proposal)
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:  # a proposal made at the same moment won
            raise conflict(
                "proposal_pending",
                "A proposal for this member already waits for the base committee's decision.",
                "Đã có đề nghị công nhận chính thức đang chờ Đảng ủy cơ sở quyết định.",
            ) from exc
        record(
            self.session,
            principal,
            action="member.propose_official",
            entity=proposal,
            unit_path=home.path,
        )
        return proposal

    async def decide_official(
        self, principal: Principal, member_id: int, data: OfficialDecision, if_match: str | None
    ) -> OfficialProposal:
        """The base committee (or a committee above it) decides the cell's open proposal."""
        member, home = await self._probationer(principal, member_id)
        if not _decides(principal, home):
            raise Forbidden(
                "Official status is decided by the base committee or a committee above it.",
                "Việc công nhận đảng viên chính thức do Đảng ủy cơ sở hoặc cấp ủy cấp trên "
                "quyết định.",
            )
        _require_active(member)
        _require_probationary(member)
        proposal = await self.repo.open_proposal(member.id)
        if proposal is None:
            raise conflict(
                "no_open_proposal",
                "No proposal from the cell waits for a decision: the cell proposes first.",
                "Chưa có đề nghị của chi bộ đang chờ quyết định: chi bộ cần đề nghị trước.",
            )
        check_version(proposal.version, data.version, if_match)
        _not_future(data.decided_on)
        if data.decided_on < proposal.cell_vote_on:
            raise rule(
                "decision_before_proposal",
                "The decision cannot be dated before the cell's vote.",
                "Ngày quyết định không được trước ngày chi bộ biểu quyết đề nghị.",
            )
        if data.approved and data.official_date is None:
            raise rule(
                "official_date_required",
                "An approval states the day the member becomes official.",
                "Quyết định công nhận phải ghi ngày đảng viên trở thành chính thức.",
            )
        if not data.approved and data.official_date is not None:
            raise rule(
                "official_date_only_when_approved",
                "A refusal has no official date.",
                "Quyết định không công nhận thì không có ngày chính thức.",
            )
        before = snapshot(proposal)
        member_before = snapshot(member)
        proposal.status = (
            OfficialProposalStatus.approved if data.approved else OfficialProposalStatus.rejected
        )
        proposal.decided_on = data.decided_on
        proposal.decision_ref = data.decision_ref
        proposal.decision_note = data.note
        proposal.decided_by_user_id = principal.user_id
        proposal.decided_at = utcnow()
        if data.approved:
            assert data.official_date is not None
            proposal.official_date = data.official_date
            member.status = MemberStatus.official
            member.official_date = data.official_date
            self._check_dates(member)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="member.decide_official",
            entity=proposal,
            unit_path=home.path,
            before=before,
        )
        if data.approved:
            assert data.official_date is not None
            self._event(
                principal,
                member,
                MemberEventKind.made_official,
                data.official_date,
                unit_id=home.id,
                reference=data.decision_ref,
            )
            record(
                self.session,
                principal,
                action="member.make_official",
                entity=member,
                unit_path=home.path,
                before=member_before,
            )
        return proposal

    async def transfer(
        self, principal: Principal, member_id: int, data: TransferCreate, if_match: str | None
    ) -> Member:
        """Chuyển sinh hoạt đảng chính thức to another cell in the caller's subtree."""
        member, home = await self._manageable(principal, member_id)
        check_version(member.version, data.version, if_match)
        _require_active(member)
        target = await self._cell_for_rolls(principal, data.to_unit_id)
        if target.id == home.id:
            raise rule(
                "same_cell",
                "The member is already on this cell's rolls.",
                "Đảng viên đã thuộc chi bộ này.",
            )
        _not_future(data.transfer_date)
        before = snapshot(member)
        member.unit_id = target.id
        member.group_id = None
        await self.session.flush()
        common = {"reference": data.reference, "note": data.note}
        self._event(
            principal,
            member,
            MemberEventKind.transferred_out,
            data.transfer_date,
            unit_id=home.id,
            other_unit_id=target.id,
            **common,
        )
        self._event(
            principal,
            member,
            MemberEventKind.transferred_in,
            data.transfer_date,
            unit_id=target.id,
            other_unit_id=home.id,
            **common,
        )
        # The record now belongs to the new cell; audit it there and at the old cell.
        for path in (home.path, target.path):
            record(
                self.session,
                principal,
                action="member.transfer",
                entity=member,
                unit_path=path,
                before=before,
            )
        return member

    async def leave(
        self, principal: Principal, member_id: int, data: MemberLeave, if_match: str | None
    ) -> Member:
        member, home = await self._manageable(principal, member_id)
        check_version(member.version, data.version, if_match)
        _require_active(member)
        if data.state not in _LEAVE_EVENTS:
            raise rule(
                "invalid_leave_state",
                "A member leaves as transferred_out, removed or deceased.",
                "Trạng thái rời sinh hoạt phải là chuyển đi, xóa tên hoặc từ trần.",
            )
        _not_future(data.left_on)
        before = snapshot(member)
        member.state = data.state
        member.left_on = data.left_on
        await self.session.flush()
        self._event(
            principal,
            member,
            _LEAVE_EVENTS[data.state],
            data.left_on,
            unit_id=home.id,
            reference=data.reference,
            note=data.note,
        )
        record(
            self.session,
            principal,
            action=f"member.{data.state.value}",
            entity=member,
            unit_path=home.path,
            before=before,
        )
        return member

    # -- exemptions ------------------------------------------------------------------------

    async def add_exemption(
        self, principal: Principal, member_id: int, data: ExemptionCreate
    ) -> Exemption:
        member, home = await self._manageable(principal, member_id)
        _require_active(member)
        _period(data.start_date, data.end_date)
        if await self.repo.overlapping(Exemption, member.id, data.start_date, data.end_date):
            raise conflict(
                "exemption_overlaps",
                "The member is already exempt in that period.",
                "Đảng viên đã được miễn sinh hoạt trong khoảng thời gian này.",
            )
        exemption = Exemption(member_id=member.id, **data.model_dump())
        self.session.add(exemption)
        await self.session.flush()
        self._event(
            principal,
            member,
            MemberEventKind.exempted,
            data.start_date,
            unit_id=home.id,
            reference=data.resolution_ref,
            note=data.reason,
        )
        record(
            self.session,
            principal,
            action="exemption.create",
            entity=exemption,
            unit_path=home.path,
        )
        return exemption

    async def update_exemption(
        self,
        principal: Principal,
        member_id: int,
        exemption_id: int,
        data: ExemptionUpdate,
        if_match: str | None,
    ) -> Exemption:
        member, home = await self._manageable(principal, member_id)
        exemption = await self.repo.get_exemption(member.id, exemption_id)
        if exemption is None:
            raise NotFound()
        check_version(exemption.version, data.version, if_match)
        before = snapshot(exemption)
        for key, value in data.model_dump(exclude_unset=True, exclude={"version"}).items():
            if key == "reason" and value is None:
                continue
            setattr(exemption, key, value)
        _period(exemption.start_date, exemption.end_date)
        if await self.repo.overlapping(
            Exemption, member.id, exemption.start_date, exemption.end_date, exclude_id=exemption.id
        ):
            raise conflict(
                "exemption_overlaps",
                "The member is already exempt in that period.",
                "Đảng viên đã được miễn sinh hoạt trong khoảng thời gian này.",
            )
        await self.session.flush()
        record(
            self.session,
            principal,
            action="exemption.update",
            entity=exemption,
            unit_path=home.path,
            before=before,
        )
        return exemption

    # -- temporary transfers -----------------------------------------------------------------

    async def add_temporary_transfer(
        self, principal: Principal, member_id: int, data: TemporaryTransferCreate
    ) -> TemporaryTransfer:
        member, home = await self._manageable(principal, member_id)
        _require_active(member)
        _period(data.start_date, data.end_date)
        host = await self.visible_unit(principal, data.host_unit_id)
        if host.kind is not UnitKind.cell or host.id == home.id:
            raise rule(
                "invalid_host_cell",
                "A temporary transfer goes to another cell.",
                "Sinh hoạt tạm thời phải ở một chi bộ khác.",
            )
        if await self.repo.overlapping(
            TemporaryTransfer, member.id, data.start_date, data.end_date
        ):
            raise conflict(
                "temporary_transfer_overlaps",
                "The member already attends another cell temporarily in that period.",
                "Đảng viên đang sinh hoạt tạm thời ở chi bộ khác trong thời gian này.",
            )
        transfer = TemporaryTransfer(member_id=member.id, home_unit_id=home.id, **data.model_dump())
        self.session.add(transfer)
        await self.session.flush()
        self._event(
            principal,
            member,
            MemberEventKind.temporarily_transferred,
            data.start_date,
            unit_id=home.id,
            other_unit_id=host.id,
            note=data.note,
        )
        for path in (home.path, host.path):
            record(
                self.session,
                principal,
                action="temporary_transfer.create",
                entity=transfer,
                unit_path=path,
            )
        return transfer

    async def end_temporary_transfer(
        self,
        principal: Principal,
        member_id: int,
        transfer_id: int,
        data: TemporaryTransferEnd,
        if_match: str | None,
    ) -> TemporaryTransfer:
        member, home = await self._manageable(principal, member_id)
        transfer = await self.repo.get_temporary_transfer(member.id, transfer_id)
        if transfer is None:
            raise NotFound()
        check_version(transfer.version, data.version, if_match)
        _period(transfer.start_date, data.end_date)
        before = snapshot(transfer)
        transfer.end_date = data.end_date
        await self.session.flush()
        self._event(
            principal,
            member,
            MemberEventKind.temporary_transfer_ended,
            data.end_date,
            unit_id=home.id,
            other_unit_id=transfer.host_unit_id,
        )
        record(
            self.session,
            principal,
            action="temporary_transfer.end",
            entity=transfer,
            unit_path=home.path,
            before=before,
        )
        return transfer

    # -- committee positions: cell committees, base committees and their inspection committees

    async def positions(
        self, principal: Principal, unit_id: int, include_past: bool
    ) -> list[tuple[CommitteePosition, str]]:
        unit = await self.visible_unit(principal, unit_id)
        return await self.repo.positions(unit.id, current_on=None if include_past else today())

    async def add_position(
        self, principal: Principal, unit_id: int, data: CommitteePositionCreate
    ) -> tuple[CommitteePosition, str]:
        unit = await self.visible_unit(principal, unit_id)
        if principal.role not in MEMBER_MANAGER_ROLES:
            raise Forbidden()
        if unit.kind is UnitKind.cell:
            if data.body is not CommitteeBody.committee:
                raise rule(
                    "body_not_in_unit",
                    "A cell has a committee (chi ủy) only; inspection committees belong to "
                    "base committees.",
                    "Chi bộ chỉ có chi ủy; ủy ban kiểm tra thuộc đảng ủy cơ sở.",
                )
        elif unit.kind is not UnitKind.base_committee:
            raise rule(
                "unit_not_cell",
                "Committee seats belong to cells and base committees.",
                "Chức danh cấp ủy chỉ có ở chi bộ và đảng ủy cơ sở.",
            )
        if data.position not in BODY_POSITIONS[data.body]:
            raise rule(
                "position_not_in_body",
                "That position does not exist on this body.",
                "Chức danh này không có trong cơ quan được chọn.",
                details={"body": data.body.value, "position": data.position.value},
            )
        member = await self.repo.get_readable(principal, data.member_id)
        if (
            member is None
            or member.state is not MemberState.active
            or not (member.unit_id == unit.id or await self._cell_under(member.unit_id, unit))
        ):
            raise rule(
                "member_not_in_cell",
                "The member is not on the rolls of this unit.",
                "Đảng viên không thuộc đơn vị này.",
            )
        if member.status is not MemberStatus.official:
            raise rule(
                "probationary_not_eligible",
                "Only official members hold committee seats.",
                "Chỉ đảng viên chính thức mới được bầu vào cấp ủy, ủy ban kiểm tra.",
            )
        _period(data.term_start, data.term_end)
        if data.position not in SHARED_POSITIONS and await self.repo.seat_holder(
            unit.id, data.body, data.position, data.term_start, data.term_end
        ):
            raise conflict(
                "seat_taken",
                "Someone already holds that seat in that term.",
                "Chức danh này đã có người đảm nhiệm trong nhiệm kỳ.",
            )
        if await self.repo.member_seat(
            unit.id, data.body, member.id, data.term_start, data.term_end
        ):
            raise conflict(
                "member_already_seated",
                "The member already holds a seat on this committee in that term.",
                "Đảng viên đã giữ một chức danh trong cơ quan này ở nhiệm kỳ này.",
            )
        position = CommitteePosition(unit_id=unit.id, **data.model_dump())
        self.session.add(position)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="committee_position.create",
            entity=position,
            unit_path=unit.path,
        )
        return position, member.full_name

    async def _cell_under(self, cell_id: int, unit: Unit) -> bool:
        """Whether the cell carrying a member lies under the base committee `unit`."""
        if unit.kind is not UnitKind.base_committee:
            return False
        cell = await self.session.get(Unit, cell_id)
        return cell is not None and cell.path.startswith(unit.path)

    async def update_position(
        self,
        principal: Principal,
        position_id: int,
        data: CommitteePositionUpdate,
        if_match: str | None,
    ) -> tuple[CommitteePosition, str]:
        position = await self.repo.get_position(position_id)
        cell = await self.units.get_readable(principal, position.unit_id) if position else None
        if position is None or cell is None:
            raise NotFound()
        if principal.role not in MEMBER_MANAGER_ROLES:
            raise Forbidden()
        check_version(position.version, data.version, if_match)
        before = snapshot(position)
        for key, value in data.model_dump(exclude_unset=True, exclude={"version"}).items():
            setattr(position, key, value)
        _period(position.term_start, position.term_end)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="committee_position.update",
            entity=position,
            unit_path=cell.path,
            before=before,
        )
        member = await self.session.get(Member, position.member_id)
        assert member is not None
        return position, member.full_name


def _require_active(member: Member) -> None:
    if member.state is not MemberState.active:
        raise conflict(
            "member_not_active",
            "The member is no longer on the rolls.",
            "Đảng viên không còn sinh hoạt trong danh sách.",
        )


def _proposes(principal: Principal, home: Unit) -> bool:
    """The secretary (or deputy: the same account role) of the member's own cell."""
    return principal.role is Role.cell_secretary and principal.sees(home.path)


def _decides(principal: Principal, home: Unit) -> bool:
    """The base committee over the cell, or a committee above it (party bodies: not the
    technical administrator)."""
    return principal.role in (
        Role.base_committee,
        Role.superior_committee,
    ) and principal.is_strictly_above(home.path)


def _require_probationary(member: Member) -> None:
    if member.status is MemberStatus.official:
        raise conflict(
            "already_official",
            "The member is already official.",
            "Đảng viên đã là đảng viên chính thức.",
        )
    if member.admission_date is None:
        raise rule(
            "admission_date_required",
            "Record the admission date before making the member official.",
            "Cần có ngày vào Đảng trước khi công nhận chính thức.",
        )


def _not_future(day: date) -> None:
    if day > today():
        raise rule("date_in_future", "The date is in the future.", "Ngày không được ở tương lai.")


def _period(start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise rule(
            "period_end_before_start",
            "The end date is before the start date.",
            "Ngày kết thúc không được trước ngày bắt đầu.",
        )
