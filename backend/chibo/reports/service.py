"""Report rules: which unit the caller may report on, and the percentages."""

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.principal import Principal
from chibo.core.clock import vietnam_date
from chibo.core.errors import NotFound
from chibo.meetings.models import MeetingType
from chibo.reports.repository import ReportRepository
from chibo.reports.schemas import MeetingStats
from chibo.units.repository import UnitRepository


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


class ReportService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def meeting_stats(
        self, principal: Principal, unit_id: int, year: int, meeting_type: MeetingType | None
    ) -> list[MeetingStats]:
        root = await UnitRepository(self.session).get_readable(principal, unit_id)
        if root is None:
            raise NotFound()
        rows = await ReportRepository(self.session).meeting_stats(
            principal, root, year, meeting_type
        )
        return [
            MeetingStats(
                meeting_id=r.meeting_id,
                unit_id=r.unit_id,
                unit_name=r.unit_name,
                meeting_type=r.meeting_type,
                title=r.title,
                day=vietnam_date(r.start),
                expected=r.expected,
                present=r.present,
                excused=r.excused,
                unexcused=r.unexcused,
                attendance_rate=percent(r.present, r.expected),
                speakers=r.speakers,
                spoke_share=percent(r.speakers, r.attended),
                rating_level=r.rating_level,
                rating_total=r.rating_total,
            )
            for r in rows
        ]
