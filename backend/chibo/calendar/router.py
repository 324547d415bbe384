import hashlib
from typing import Annotated

from fastapi import APIRouter, Header, Response, status

from chibo.auth.deps import CurrentPrincipal
from chibo.calendar.schemas import CalendarFeedCreated, CalendarFeedState
from chibo.calendar.service import FEED_PATH, CalendarService
from chibo.core.deps import SessionDep

router = APIRouter(tags=["calendar"])


@router.get(
    "/calendar/feed",
    response_model=CalendarFeedState,
    summary="Whether you have a live private iCalendar URL, and since when (never the URL)",
)
async def feed_state(session: SessionDep, principal: CurrentPrincipal) -> CalendarFeedState:
    feed = await CalendarService(session).active_feed(principal)
    if feed is None:
        return CalendarFeedState(active=False, created_at=None)
    return CalendarFeedState(active=True, created_at=feed.created_at)


@router.post(
    "/calendar/feed",
    response_model=CalendarFeedCreated,
    status_code=status.HTTP_201_CREATED,
    summary="A new private iCalendar URL of your meetings (the previous one stops working)",
)
async def create_feed(session: SessionDep, principal: CurrentPrincipal) -> CalendarFeedCreated:
    feed, token = await CalendarService(session).create_feed(principal)
    return CalendarFeedCreated(url=FEED_PATH.format(token=token), created_at=feed.created_at)


@router.delete(
    "/calendar/feed",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke your private iCalendar URL",
)
async def revoke_feed(session: SessionDep, principal: CurrentPrincipal) -> Response:
    await CalendarService(session).revoke(principal)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/calendar/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 304: {}, 404: {}},
    summary="The iCalendar feed (no sign-in: the secret URL is the credential)",
)
async def calendar_feed(
    token: str,
    session: SessionDep,
    if_none_match: Annotated[str | None, Header(alias="If-None-Match")] = None,
) -> Response:
    body = (await CalendarService(session).feed(token)).encode("utf-8")
    tag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers = {
        "ETag": tag,
        "Cache-Control": "private, no-cache",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
    }
    if if_none_match is not None and tag in {t.strip() for t in if_none_match.split(",")}:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    headers["Content-Disposition"] = 'inline; filename="chibo.ics"'
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)
