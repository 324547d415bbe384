from typing import Annotated

from fastapi import APIRouter, Query

from chibo.auth.deps import CurrentPrincipal
from chibo.core.deps import SessionDep
from chibo.meetings.models import MeetingType
from chibo.reports.schemas import MeetingStats
from chibo.reports.service import ReportService

router = APIRouter(tags=["reports"])


@router.get(
    "/units/{unit_id}/meeting-stats",
    response_model=list[MeetingStats],
    summary="Held meetings of the unit's subtree in a year: attendance, who spoke, final rating",
)
async def meeting_stats(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    year: Annotated[int, Query(ge=2000, le=2100)],
    meeting_type: MeetingType | None = None,
) -> list[MeetingStats]:
    return await ReportService(session).meeting_stats(principal, unit_id, year, meeting_type)
