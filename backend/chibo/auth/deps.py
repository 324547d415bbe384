"""Request authentication: bearer access token -> Principal, checked against the database
so that logout, password change and disabled accounts take effect at once."""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from chibo.auth.models import AuthSession, Role, User
from chibo.auth.principal import COMMITTEE_ROLES, MEMBER_MANAGER_ROLES, Principal
from chibo.core.deps import SessionDep, SettingsDep
from chibo.core.errors import Forbidden, InvalidToken, Unauthenticated
from chibo.core.security import decode_access_token
from chibo.units.models import Unit

_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/auth/login")


async def get_principal(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise Unauthenticated()
    claims = decode_access_token(credentials.credentials, secret_key=settings.secret_key)
    if claims is None or not str(claims.get("sub", "")).isdigit():
        raise InvalidToken()
    row = (
        await session.execute(
            select(User, Unit.path, AuthSession.revoked_at)
            .join(Unit, Unit.id == User.unit_id)
            .join(AuthSession, AuthSession.id == claims.get("sid", ""))
            .where(User.id == int(claims["sub"]), AuthSession.user_id == User.id)
        )
    ).one_or_none()
    if row is None:
        raise InvalidToken()
    user, unit_path, revoked_at = row
    if revoked_at is not None or not user.active:
        raise InvalidToken()
    return Principal(
        user_id=user.id,
        username=user.username,
        role=user.role,
        unit_id=user.unit_id,
        unit_path=unit_path,
        member_id=user.member_id,
        session_id=claims["sid"],
    )


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def role_guard(roles: frozenset[Role]) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only the given roles through (403 otherwise)."""

    async def _check(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise Forbidden()
        return principal

    return _check


# Typed aliases for endpoints: which roles may call them.
CommitteePrincipal = Annotated[Principal, Depends(role_guard(COMMITTEE_ROLES))]
MemberManagerPrincipal = Annotated[Principal, Depends(role_guard(MEMBER_MANAGER_ROLES))]
AdminPrincipal = Annotated[Principal, Depends(role_guard(frozenset({Role.admin})))]
