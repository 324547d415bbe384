"""Account reads, scoped to the caller's subtree, and the session/token bookkeeping.

Sign-in bookkeeping (failure counter, lock, last sign-in, rehash) is written with plain UPDATE
statements that leave the row's version alone: signing in is not an edit of the account, and
must not make an administrator's pending edit stale. The counter is incremented in SQL, so
concurrent wrong guesses all count.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, literal, null, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from chibo.auth.models import AuthSession, RefreshToken, Role, User
from chibo.auth.principal import Principal
from chibo.core.pagination import paginate
from chibo.core.text import like_escape
from chibo.members.models import Member, MemberState
from chibo.units.models import Unit


@dataclass(frozen=True, slots=True)
class FailureCount:
    failed_logins: int
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class TokenRecord:
    token: RefreshToken
    auth_session: AuthSession
    user: User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- scoped reads -------------------------------------------------------------------

    def readable(self, principal: Principal) -> Select[User]:
        """Accounts bound to a unit in the caller's subtree."""
        return (
            select(User).join(Unit, Unit.id == User.unit_id).where(principal.path_filter(Unit.path))
        )

    async def get_readable(self, principal: Principal, user_id: int) -> User | None:
        result = await self.session.scalars(self.readable(principal).where(User.id == user_id))
        return result.one_or_none()

    async def list(
        self,
        principal: Principal,
        *,
        unit_id: int | None,
        role: Role | None,
        active: bool | None,
        q: str | None,
        cursor: str | None,
        limit: int,
    ) -> tuple[list[User], str | None]:
        query = self.readable(principal)
        if unit_id is not None:
            query = query.where(User.unit_id == unit_id)
        if role is not None:
            query = query.where(User.role == role)
        if active is not None:
            query = query.where(User.active.is_(active))
        if q and q.strip():
            needle = f"%{like_escape(q.strip())}%"
            query = query.where(
                or_(
                    User.username.ilike(needle, escape="\\"),
                    User.full_name.ilike(needle, escape="\\"),
                )
            )
        return await paginate(self.session, query, [User.id], cursor=cursor, limit=limit)

    async def unit_names(self, unit_ids: Iterable[int]) -> dict[int, str]:
        ids = set(unit_ids)
        if not ids:
            return {}
        rows = await self.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids)))
        return {unit_id: name for unit_id, name in rows}

    # --- unscoped lookups for rules -------------------------------------------------------

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def get_by_username(self, username: str) -> User | None:
        result = await self.session.scalars(select(User).where(User.username == username))
        return result.one_or_none()

    async def unit_path(self, unit_id: int) -> str | None:
        return await self.session.scalar(select(Unit.path).where(Unit.id == unit_id))

    async def member_on_rolls(self, member_id: int, subtree_path: str) -> Member | None:
        """The member, if active on the rolls of a unit in the subtree at `subtree_path`."""
        query = (
            select(Member)
            .join(Unit, Unit.id == Member.unit_id)
            .where(
                Member.id == member_id,
                Member.state == MemberState.active,
                Unit.path.like(f"{like_escape(subtree_path)}%", escape="\\"),
            )
        )
        return (await self.session.scalars(query)).one_or_none()

    async def account_of_member(self, member_id: int) -> User | None:
        result = await self.session.scalars(select(User).where(User.member_id == member_id))
        return result.one_or_none()

    # --- sign-in bookkeeping (no version bump) -----------------------------------------

    async def register_failure(
        self, user_id: int, *, now: datetime, max_failures: int, lock_until: datetime
    ) -> FailureCount:
        """Count one more consecutive failure; lock the account when it reaches the limit.

        A lock that has run out starts the count again from zero.
        """
        expired = User.locked_until.is_not(None) & (User.locked_until <= now)
        previous = case((expired, 0), else_=User.failed_logins)
        result = await self.session.execute(
            update(User)
            .where(User.id == user_id)
            .values(
                failed_logins=previous + 1,
                locked_until=case(
                    (previous + 1 >= max_failures, literal(lock_until, User.locked_until.type)),
                    (expired, null()),
                    else_=User.locked_until,
                ),
                updated_at=User.updated_at,
            )
            .returning(User.failed_logins, User.locked_until)
            .execution_options(synchronize_session=False)
        )
        failed, locked = result.one()
        return FailureCount(failed, locked)

    async def register_success(self, user_id: int, *, now: datetime, new_hash: str | None) -> None:
        values: dict[str, object] = {
            "failed_logins": 0,
            "locked_until": None,
            "last_login_at": now,
            "updated_at": User.updated_at,
        }
        if new_hash is not None:
            values["password_hash"] = new_hash
        await self.session.execute(
            update(User)
            .where(User.id == user_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )

    # --- sessions and refresh tokens ----------------------------------------------------

    def add_session(self, auth_session: AuthSession) -> None:
        self.session.add(auth_session)

    def add_token(self, token: RefreshToken) -> None:
        self.session.add(token)

    async def find_token(self, digest: str) -> TokenRecord | None:
        row = (
            await self.session.execute(
                select(RefreshToken, AuthSession, User)
                .join(AuthSession, AuthSession.id == RefreshToken.session_id)
                .join(User, User.id == AuthSession.user_id)
                .where(RefreshToken.token_digest == digest)
            )
        ).one_or_none()
        if row is None:
            return None
        token, auth_session, user = row
        return TokenRecord(token, auth_session, user)

    async def spend_token(self, token_id: int, now: datetime) -> bool:
        """Mark the token used, unless it already was: exactly one caller wins a race."""
        result = await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.id == token_id, RefreshToken.used_at.is_(None))
            .values(used_at=now)
            .returning(RefreshToken.id)
            .execution_options(synchronize_session=False)
        )
        return result.first() is not None

    async def touch_session(self, session_id: str, now: datetime) -> None:
        await self.session.execute(
            update(AuthSession)
            .where(AuthSession.id == session_id)
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )

    async def revoke_session(self, session_id: str, *, now: datetime, reason: str) -> bool:
        result = await self.session.execute(
            update(AuthSession)
            .where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
            .returning(AuthSession.id)
            .execution_options(synchronize_session=False)
        )
        return result.first() is not None

    async def revoke_user_sessions(self, user_id: int, *, now: datetime, reason: str) -> int:
        result = await self.session.execute(
            update(AuthSession)
            .where(AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None))
            .values(revoked_at=now, revoked_reason=reason)
            .returning(AuthSession.id)
            .execution_options(synchronize_session=False)
        )
        return len(result.all())
