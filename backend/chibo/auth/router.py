"""Signing in and out, token rotation, the caller's own account and password."""

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse

from chibo.auth.deps import CurrentPrincipal
from chibo.auth.repository import UserRepository
from chibo.auth.schemas import (
    LoginRequest,
    PasswordChange,
    RefreshRequest,
    TokenPair,
    UserRead,
    user_read,
)
from chibo.auth.service import AuthService
from chibo.core.client_address import client_address
from chibo.core.clock import utcnow
from chibo.core.deps import SessionDep, SettingsDep
from chibo.core.errors import ChiboError
from chibo.core.handlers import error_response, request_language

router = APIRouter(prefix="/auth", tags=["auth"])

_ERROR_SHAPE = {
    "content": {
        "application/json": {
            "example": {"error": {"code": "invalid_credentials", "message": "…", "details": None}}
        }
    }
}

_TOO_MANY = {
    "description": "Too many failed attempts from this address (or for this username from it): "
    "wait the `Retry-After` seconds (also in `details.retry_after`)",
    "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
    "content": {
        "application/json": {
            "example": {
                "error": {
                    "code": "too_many_attempts",
                    "message": "…",
                    "details": {"retry_after": 900},
                }
            }
        }
    },
}


def _refuse(request: Request, error: ChiboError) -> JSONResponse:
    """Answer with the error *without raising*, so that the bookkeeping done on the way
    (a counted failure, a revoked token family) is committed with the request."""
    return error_response(
        error.status_code,
        error.code,
        error.message(request_language(request)),
        error.details,
        error.headers(),
    )


@router.post(
    "/login",
    response_model=TokenPair,
    summary="Sign in with username and password",
    responses={
        401: {"description": "Wrong credentials, or account locked or disabled", **_ERROR_SHAPE},
        429: _TOO_MANY,
    },
)
async def login(
    data: LoginRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> TokenPair | Response:
    outcome = await AuthService(session, settings).login(
        data.username,
        data.password,
        request.headers.get("user-agent"),
        client_address(request, settings),
    )
    if outcome.error is not None:
        return _refuse(request, outcome.error)
    assert outcome.tokens is not None
    return outcome.tokens


@router.post(
    "/refresh",
    response_model=TokenPair,
    summary="Exchange a refresh token for a new pair (the old one is spent)",
    responses={
        401: {"description": "Unknown, expired, revoked or reused token", **_ERROR_SHAPE},
        429: _TOO_MANY,
    },
)
async def refresh(
    data: RefreshRequest, request: Request, session: SessionDep, settings: SettingsDep
) -> TokenPair | Response:
    outcome = await AuthService(session, settings).refresh(
        data.refresh_token, client_address(request, settings)
    )
    if outcome.error is not None:
        return _refuse(request, outcome.error)
    assert outcome.tokens is not None
    return outcome.tokens


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sign out: revoke the current session and its tokens",
)
async def logout(session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal) -> None:
    await AuthService(session, settings).logout(principal)


@router.get("/me", response_model=UserRead, summary="Your own account")
async def me(session: SessionDep, settings: SettingsDep, principal: CurrentPrincipal) -> UserRead:
    user = await AuthService(session, settings).me(principal)
    names = await UserRepository(session).unit_names([user.unit_id])
    return user_read(user, names.get(user.unit_id), utcnow())


@router.post(
    "/password",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    summary="Change your password (signs out every session, this one included)",
    responses={429: _TOO_MANY},
)
async def change_password(
    data: PasswordChange,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
) -> Response:
    error = await AuthService(session, settings).change_password(
        principal, data, client_address(request, settings)
    )
    if error is not None:
        return _refuse(request, error)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
