"""Thematic plans (sinh hoạt chuyên đề): each cell registers 3–4 topics a year, each for a
quarter with a presenter; thematic meetings (or regular meetings with a thematic part) link
to them; the plan view sets registered against held, per quarter."""

import calendar
from datetime import date
from typing import Any

from chibo.audit.service import record, snapshot
from chibo.auth.principal import Principal
from chibo.core.clock import today
from chibo.core.errors import NotFound, rule
from chibo.core.versioning import check_version
from chibo.meetings.models import Meeting, ThematicTopic, ThematicTopicStatus
from chibo.minutes.schemas import (
    PlanMeeting,
    PlanWarning,
    QuarterPlan,
    ThematicPlanRead,
    TopicCreate,
    TopicRead,
    TopicUpdate,
)
from chibo.minutes.service import PackageService, require_manager
from chibo.units.models import Unit, UnitKind
from chibo.units.repository import UnitRepository

DEFAULT_TOPICS_PER_YEAR = (3, 4)
DEFAULT_MEETINGS_PER_QUARTER = 1


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def quarter_end(year: int, quarter: int) -> date:
    month = 3 * quarter
    return date(year, month, calendar.monthrange(year, month)[1])


def _range(rules: dict[str, Any]) -> tuple[int, int]:
    value = rules.get("thematic_topics_per_year")
    if isinstance(value, dict) and isinstance(value.get("min"), int):
        low = int(value["min"])
        high = value.get("max")
        return low, int(high) if isinstance(high, int) else low
    return DEFAULT_TOPICS_PER_YEAR


class ThematicService(PackageService):
    async def _unit(self, principal: Principal, unit_id: int) -> Unit:
        unit = await UnitRepository(self.session).get_readable(principal, unit_id)
        if unit is None:
            raise NotFound()
        return unit

    async def _check_presenter(self, member_id: int, unit: Unit, year: int, quarter: int) -> None:
        await self.check_person(
            member_id,
            unit,
            min(today(), quarter_end(year, quarter)),
            "presenter_not_in_cell",
            "presenter",
            "Báo cáo viên",
        )

    async def reads(self, topics: list[ThematicTopic]) -> list[TopicRead]:
        """Topics as shown: with the presenter's name, and held once a linked meeting is."""
        names = await self.repo.member_names({t.presenter_member_id for t in topics})
        held = await self.repo.topics_with_held_meeting([t.id for t in topics])
        result = []
        for topic in topics:
            read = TopicRead.model_validate(topic)
            if topic.presenter_member_id is not None:
                read.presenter_name = names.get(topic.presenter_member_id)
            if topic.id in held and topic.status in (
                ThematicTopicStatus.registered,
                ThematicTopicStatus.postponed,
            ):
                read.status = ThematicTopicStatus.held
            result.append(read)
        return result

    async def list_topics(
        self, principal: Principal, unit_id: int, year: int | None
    ) -> list[ThematicTopic]:
        unit = await self._unit(principal, unit_id)
        return await self.repo.topics(unit.id, year)

    async def get(self, principal: Principal, topic_id: int) -> ThematicTopic:
        topic = await self.repo.readable_topic(principal, topic_id)
        if topic is None:
            raise NotFound()
        return topic

    async def create(self, principal: Principal, unit_id: int, data: TopicCreate) -> ThematicTopic:
        unit = await self._unit(principal, unit_id)
        require_manager(principal)
        if unit.kind is not UnitKind.cell:
            raise rule(
                "unit_not_cell",
                "Thematic topics are registered by cells.",
                "Chuyên đề do chi bộ đăng ký.",
            )
        if data.presenter_member_id is not None:
            await self._check_presenter(data.presenter_member_id, unit, data.year, data.quarter)
        topic = ThematicTopic(
            unit_id=unit.id,
            year=data.year,
            quarter=data.quarter,
            title=data.title,
            presenter_member_id=data.presenter_member_id,
            status=ThematicTopicStatus.registered,
            note=data.note,
        )
        self.session.add(topic)
        await self.session.flush()
        record(
            self.session,
            principal,
            action="thematic_topic.create",
            entity=topic,
            unit_path=unit.path,
        )
        return topic

    async def update(
        self, principal: Principal, topic_id: int, data: TopicUpdate, if_match: str | None
    ) -> ThematicTopic:
        topic = await self.get(principal, topic_id)
        require_manager(principal)
        check_version(topic.version, data.version, if_match)
        unit = await self.session.get(Unit, topic.unit_id)
        assert unit is not None
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        for key in ("quarter", "title", "status"):
            if key in changes and changes[key] is None:
                raise rule(
                    "field_required", f"{key} cannot be empty.", "Trường này không được để trống."
                )
        before = snapshot(topic)
        for key, value in changes.items():
            setattr(topic, key, value)
        if changes.get("presenter_member_id") is not None:
            await self._check_presenter(
                topic.presenter_member_id or 0, unit, topic.year, topic.quarter
            )
        await self.session.flush()
        record(
            self.session,
            principal,
            action="thematic_topic.update",
            entity=topic,
            unit_path=unit.path,
            before=before,
        )
        return topic

    async def plan(self, principal: Principal, unit_id: int, year: int) -> ThematicPlanRead:
        unit = await self._unit(principal, unit_id)
        rules = await self.repo.norms_rules(unit, None, date(year, 1, 1))
        topics_min, topics_max = _range(rules)
        required = rules.get("thematic_meetings_per_quarter", DEFAULT_MEETINGS_PER_QUARTER)
        required = int(required) if isinstance(required, int) else DEFAULT_MEETINGS_PER_QUARTER
        topics = await self.repo.topics(unit.id, year)
        reads = await self.reads(topics)
        meetings = await self.repo.thematic_meetings_held(unit.id, year)
        now = today()
        quarters: list[QuarterPlan] = []
        warnings: list[PlanWarning] = []
        for quarter in range(1, 5):
            held = [m for m in meetings if quarter_of(m.period_month) == quarter]
            q_topics = [
                t
                for t in reads
                if t.quarter == quarter and t.status != ThematicTopicStatus.cancelled
            ]
            if len(held) >= required:
                status = "met"
            elif now <= quarter_end(year, quarter):
                status = "pending"
            else:
                status = "missed"
                warnings.append(
                    PlanWarning(
                        code="quarter_without_thematic_meeting",
                        quarter=quarter,
                        message=f"No thematic meeting was held in quarter {quarter}.",
                        message_vi=f"Quý {quarter} không tổ chức sinh hoạt chuyên đề.",
                    )
                )
            if not q_topics:
                warnings.append(
                    PlanWarning(
                        code="quarter_without_topic",
                        quarter=quarter,
                        message=f"No topic is registered for quarter {quarter}.",
                        message_vi=f"Quý {quarter} chưa đăng ký chuyên đề.",
                    )
                )
            quarters.append(
                QuarterPlan(
                    quarter=quarter,
                    topics=[t for t in reads if t.quarter == quarter],
                    meetings_held=[_plan_meeting(m) for m in held],
                    required=required,
                    status=status,
                )
            )
        registered = sum(1 for t in topics if t.status is not ThematicTopicStatus.cancelled)
        if registered < topics_min:
            warnings.insert(
                0,
                PlanWarning(
                    code="too_few_topics",
                    message=f"{registered} topics registered; at least {topics_min} a year.",
                    message_vi=(
                        f"Mới đăng ký {registered} chuyên đề; mỗi năm cần ít nhất {topics_min}."
                    ),
                ),
            )
        if registered > topics_max:
            warnings.insert(
                0,
                PlanWarning(
                    code="too_many_topics",
                    message=f"{registered} topics registered; at most {topics_max} a year.",
                    message_vi=(
                        f"Đã đăng ký {registered} chuyên đề; mỗi năm không quá {topics_max}."
                    ),
                ),
            )
        topics_ok = topics_min <= registered <= topics_max
        return ThematicPlanRead(
            unit_id=unit.id,
            year=year,
            topics_registered=registered,
            topics_min=topics_min,
            topics_max=topics_max,
            topics_ok=topics_ok,
            quarters=quarters,
            compliant=topics_ok and all(q.status != "missed" for q in quarters),
            warnings=warnings,
        )


def _plan_meeting(meeting: Meeting) -> PlanMeeting:
    return PlanMeeting(
        id=meeting.id,
        title=meeting.title,
        meeting_type=meeting.meeting_type,
        status=meeting.status,
        has_thematic_part=meeting.has_thematic_part,
        day=meeting.day,
        thematic_topic_id=meeting.thematic_topic_id,
    )
