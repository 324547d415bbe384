"""Account management: committees and administrators, within their unit subtree."""

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.deps import CommitteePrincipal
from chibo.auth.models import Role, User
from chibo.auth.repository import UserRepository
from chibo.auth.schemas import PasswordReset, UserCreate, UserRead, UserUpdate, user_read
from chibo.auth.service import AccountService
from chibo.core.clock import utcnow
from chibo.core.deps import SessionDep
from chibo.core.pagination import Page
from chibo.core.params import CursorParam, LimitParam
from chibo.core.versioning import etag

router = APIRouter(prefix="/users", tags=["accounts"])
IfMatch = Annotated[str | None, Header(alias="If-Match")]


async def _read(session: AsyncSession, user: User, response: Response | None = None) -> UserRead:
    names = await UserRepository(session).unit_names([user.unit_id])
    if response is not None:
        response.headers["ETag"] = etag(user.version)
    return user_read(user, names.get(user.unit_id), utcnow())


@router.get("", response_model=Page[UserRead], summary="Accounts in your subtree")
async def list_users(
    session: SessionDep,
    principal: CommitteePrincipal,
    limit: LimitParam,
    cursor: CursorParam = None,
    unit_id: int | None = None,
    role: Role | None = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of username or name")] = None,
) -> Page[UserRead]:
    repo = UserRepository(session)
    users, next_cursor = await repo.list(
        principal, unit_id=unit_id, role=role, active=active, q=q, cursor=cursor, limit=limit
    )
    names = await repo.unit_names(u.unit_id for u in users)
    now = utcnow()
    return Page(
        items=[user_read(u, names.get(u.unit_id), now) for u in users], next_cursor=next_cursor
    )


@router.get("/{user_id}", response_model=UserRead)
async def get_user(
    user_id: int, session: SessionDep, principal: CommitteePrincipal, response: Response
) -> UserRead:
    user = await AccountService(session).get(principal, user_id)
    return await _read(session, user, response)


@router.post("", response_model=UserRead, status_code=status.HTTP_201_CREATED)
async def create_user(
    data: UserCreate, session: SessionDep, principal: CommitteePrincipal, response: Response
) -> UserRead:
    user = await AccountService(session).create(principal, data)
    return await _read(session, user, response)


@router.patch(
    "/{user_id}",
    response_model=UserRead,
    summary="Edit an account (deactivating, or changing role or unit, signs it out)",
)
async def update_user(
    user_id: int,
    data: UserUpdate,
    session: SessionDep,
    principal: CommitteePrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> UserRead:
    user = await AccountService(session).update(principal, user_id, data, if_match)
    return await _read(session, user, response)


@router.post(
    "/{user_id}/reset-password",
    response_model=UserRead,
    summary="Set a new password for an account (signs it out, lifts a lock)",
)
async def reset_password(
    user_id: int,
    data: PasswordReset,
    session: SessionDep,
    principal: CommitteePrincipal,
    response: Response,
    if_match: IfMatch = None,
) -> UserRead:
    user = await AccountService(session).reset_password(principal, user_id, data, if_match)
    return await _read(session, user, response)


@router.post(
    "/{user_id}/unlock",
    response_model=UserRead,
    summary="Lift the lock set by too many failed sign-ins",
)
async def unlock_user(
    user_id: int, session: SessionDep, principal: CommitteePrincipal, response: Response
) -> UserRead:
    user = await AccountService(session).unlock(principal, user_id)
    return await _read(session, user, response)
