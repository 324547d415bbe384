from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request, Response, status
from fastapi.responses import StreamingResponse

from chibo.auth.deps import CurrentPrincipal
from chibo.core.deps import SessionDep
from chibo.core.errors import ChiboError
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag
from chibo.speeches.live import LiveBroadcaster, event_stream
from chibo.speeches.schemas import (
    MeetingSpeechFigures,
    MemberSpeechFigures,
    QueueOrder,
    SilentMembers,
    SpeakersState,
    SpeechRead,
    SpeechRequest,
    SpeechUpdate,
    StartSpeech,
)
from chibo.speeches.service import SpeechService

router = APIRouter(tags=["speeches"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]
SPEAKERS = "/meetings/{meeting_id}/speakers"


@router.get(SPEAKERS, response_model=SpeakersState, summary="The list of speakers")
async def get_speakers(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> SpeakersState:
    return await SpeechService(session).state(principal, meeting_id)


@router.post(
    SPEAKERS,
    response_model=SpeechRead,
    status_code=status.HTTP_201_CREATED,
    summary="Ask for the floor (a member for themselves; the secretary for anyone present)",
)
async def request_floor(
    meeting_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    data: Annotated[SpeechRequest | None, Body()] = None,
) -> SpeechRead:
    service = SpeechService(session)
    speech = await service.request_floor(principal, meeting_id, data or SpeechRequest())
    return await service.read_one(principal, speech)


@router.post(
    f"{SPEAKERS}/order", response_model=SpeakersState, summary="Order the waiting requests"
)
async def order_queue(
    meeting_id: int, data: QueueOrder, session: SessionDep, principal: CurrentPrincipal
) -> SpeakersState:
    service = SpeechService(session)
    meeting = await service.reorder(principal, meeting_id, data)
    return await service.state(principal, meeting.id)


@router.post(
    f"{SPEAKERS}/{{speech_id}}/start",
    response_model=SpeakersState,
    summary="Give the floor (409 someone_speaking unless end_current)",
)
async def start_speech(
    meeting_id: int,
    speech_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    data: Annotated[StartSpeech | None, Body()] = None,
) -> SpeakersState:
    service = SpeechService(session)
    meeting = await service.start(principal, meeting_id, speech_id, data or StartSpeech())
    return await service.state(principal, meeting.id)


@router.post(f"{SPEAKERS}/{{speech_id}}/pause", response_model=SpeakersState)
async def pause_speech(
    meeting_id: int, speech_id: int, session: SessionDep, principal: CurrentPrincipal
) -> SpeakersState:
    service = SpeechService(session)
    meeting = await service.pause(principal, meeting_id, speech_id)
    return await service.state(principal, meeting.id)


@router.post(f"{SPEAKERS}/{{speech_id}}/resume", response_model=SpeakersState)
async def resume_speech(
    meeting_id: int, speech_id: int, session: SessionDep, principal: CurrentPrincipal
) -> SpeakersState:
    service = SpeechService(session)
    meeting = await service.resume(principal, meeting_id, speech_id)
    return await service.state(principal, meeting.id)


@router.post(f"{SPEAKERS}/{{speech_id}}/end", response_model=SpeakersState)
async def end_speech(
    meeting_id: int, speech_id: int, session: SessionDep, principal: CurrentPrincipal
) -> SpeakersState:
    service = SpeechService(session)
    meeting = await service.end(principal, meeting_id, speech_id)
    return await service.state(principal, meeting.id)


@router.post(
    f"{SPEAKERS}/{{speech_id}}/withdraw",
    response_model=SpeakersState,
    summary="Withdraw a waiting request (a member: only their own)",
)
async def withdraw_speech(
    meeting_id: int, speech_id: int, session: SessionDep, principal: CurrentPrincipal
) -> SpeakersState:
    service = SpeechService(session)
    meeting = await service.withdraw(principal, meeting_id, speech_id)
    return await service.state(principal, meeting.id)


@router.patch(
    f"{SPEAKERS}/{{speech_id}}",
    response_model=SpeechRead,
    summary="Record the agenda item, kind, summary and quality mark (until the minutes are final)",
)
async def update_speech(
    meeting_id: int,
    speech_id: int,
    data: SpeechUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> SpeechRead:
    service = SpeechService(session)
    speech = await service.update(principal, meeting_id, speech_id, data, if_match)
    read = await service.read_one(principal, speech)
    response.headers["ETag"] = etag(read.version)
    return read


@router.get(
    "/meetings/{meeting_id}/live",
    response_class=StreamingResponse,
    summary="Live list of speakers and roll (Server-Sent Events)",
    description=(
        "A `text/event-stream`: an event `speakers` with the state (as GET …/speakers) on "
        "connect and after every change; an event `attendance` (`{meeting_id, member_ids}`: "
        "re-read the roll; `member_ids` null when unknown) after every change of the roll; a "
        "comment every 15 s; and an event `closing` when the server shuts down (reconnect). "
        "With `once=true`, the state now, then the end."
    ),
    responses={200: {"content": {"text/event-stream": {}}, "description": "Event stream"}},
)
async def live(
    meeting_id: int,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    once: Annotated[bool, Query(description="Send the state once and close")] = False,
) -> StreamingResponse:
    initial = await SpeechService(session).state(principal, meeting_id)
    app_state = request.app.state
    broadcaster: LiveBroadcaster | None = getattr(app_state, "live", None)
    sessionmaker = app_state.sessionmaker

    async def read_state() -> dict[str, Any] | None:
        async with sessionmaker() as stream_session:
            try:
                state = await SpeechService(stream_session).state(principal, meeting_id)
            except ChiboError:
                return None
            return state.model_dump(mode="json")

    return StreamingResponse(
        event_stream(
            broadcaster,
            meeting_id,
            initial.model_dump(mode="json"),
            read_state,
            # Without a broadcaster (an app run without its lifespan), the state once.
            once=once or broadcaster is None,
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get(
    "/meetings/{meeting_id}/speeches/figures",
    response_model=MeetingSpeechFigures,
    summary="Who spoke, for how long, and how much self-criticism (computed)",
)
async def meeting_figures(
    meeting_id: int, session: SessionDep, principal: CurrentPrincipal
) -> MeetingSpeechFigures:
    return await SpeechService(session).meeting_figures(principal, meeting_id)


@router.get(
    "/members/{member_id}/speeches",
    response_model=MemberSpeechFigures,
    summary="A member's meetings attended, speeches and speaking time over a period",
)
async def member_speeches(
    member_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    limit: LimitParam,
    date_from: Annotated[date | None, Query(alias="from", description="First day")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day")] = None,
    cursor: CursorParam = None,
) -> MemberSpeechFigures:
    return await SpeechService(session).member_figures(
        principal, member_id, date_from, date_to, cursor=cursor, limit=limit
    )


@router.get(
    "/units/{unit_id}/silent-members",
    response_model=SilentMembers,
    summary="Members who have not spoken in their last N meetings attended",
)
async def silent_members(
    unit_id: int,
    session: SessionDep,
    principal: CurrentPrincipal,
    last: Annotated[int, Query(ge=1, le=24, description="N: meetings attended")] = 3,
) -> SilentMembers:
    return await SpeechService(session).silent_members(principal, unit_id, last)
