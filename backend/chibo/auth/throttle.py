"""Rate limits on password guesses and refresh tokens, kept in the database.

Why not a library: `limits` (and slowapi, which is built on it) keeps its counters in memory,
Redis, Memcached, MongoDB or etcd, never in an SQL database; pyrate-limiter's SQL buckets open
connections of their own (a psycopg pool, a separate SQLite file) outside the request's unit of
work and read the wall clock. ChiBo has no shared store but its database, runs several workers
on PostgreSQL, and needs what none of them has: the counts written in the request's own
transaction (so that a refused attempt's bookkeeping commits with it, and a test's rolls back),
time read from `chibo.core.clock` (tests travel), and the rule below about which failures may
count towards the account lock. So this is a small limiter of its own: one table, one atomic
upsert per counted failure.

What is counted (failures only: a successful sign-in never uses up anything):

- `address`: refused sign-ins (whatever the username; a right password on a locked or disabled
  account is refused too, and counts like any other, so that the count tells nothing) and wrong
  current passwords from one client address. After `CHIBO_LOGIN_ADDRESS_MAX_FAILURES` (100: a
  meeting hall full of phones behind one NAT, mistyping, stays far below) the address waits
  1 minute, and each further failure doubles the wait, up to an hour. Forgotten after an hour
  without failures (or waits).
- `address_user`: the same for one username from one address. After
  `CHIBO_LOGIN_ADDRESS_USER_MAX_FAILURES` (5) the pair waits `CHIBO_LOGIN_LOCKOUT_MINUTES`,
  doubling with each further failure up to a day. Forgotten after a day without failures (or
  waits); a correct password from that address forgets it at once.
- `refresh_address`: refresh tokens presented from one address that do not exist (guesses; a
  real token that expired or was revoked is not one), with the limits of `address`.

While a key waits, its requests are answered 429 with `Retry-After` before any password is
checked, and they count for nothing: the wait announced is the wait there is.

The account lock (`CHIBO_LOGIN_MAX_FAILURES` in a row lock the account for everyone) is what
stops guessing spread over many addresses. A stranger who knows a username must not be able to
keep it locked: only the first `CHIBO_LOGIN_ADDRESS_USER_MAX_FAILURES` failures of an (address,
username) pair count towards the lock; after that the pair's own, growing wait carries the
attack. One address can lock an account at most once a day, for `CHIBO_LOGIN_LOCKOUT_MINUTES`;
after that the real user's correct password works from any other address.

Concurrency: each failure is one INSERT … ON CONFLICT DO UPDATE … RETURNING (PostgreSQL and
SQLite alike), so that concurrent workers each see their own count. Rows are always taken in
the same order (address, then address and username, then the account) so that two requests
cannot deadlock. Old rows are pruned when a key starts afresh: at most a hundred expired rows,
skipping any another transaction holds.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Table, case, delete, null, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningInsert
from sqlalchemy.sql.elements import ColumnElement

from chibo.auth.models import AuthThrottle
from chibo.config import Settings
from chibo.core.clock import utcnow

PRUNE_BATCH = 100
_TABLE: Table = AuthThrottle.__table__  # type: ignore[assignment]


class Scope(StrEnum):
    address = "address"
    address_user = "address_user"
    refresh_address = "refresh_address"


@dataclass(frozen=True, slots=True)
class Policy:
    """The `limit`-th failure starts a wait of `first_wait`, each further one doubles it up to
    `max_wait`; a key quiet for `memory` (after its last failure or wait) is forgotten."""

    limit: int
    first_wait: timedelta
    max_wait: timedelta
    memory: timedelta

    def wait_after(self, failures: int) -> timedelta | None:
        """The wait imposed by the failure numbered `failures` (1 = the first)."""
        if failures < self.limit:
            return None
        doublings = min(failures - self.limit, 32)
        return min(self.first_wait * (1 << doublings), self.max_wait)


def policies(settings: Settings) -> dict[Scope, Policy]:
    per_address = Policy(
        limit=settings.login_address_max_failures,
        first_wait=timedelta(minutes=1),
        max_wait=timedelta(hours=1),
        memory=timedelta(hours=1),
    )
    return {
        Scope.address: per_address,
        Scope.refresh_address: per_address,
        Scope.address_user: Policy(
            limit=settings.login_address_user_max_failures,
            first_wait=timedelta(minutes=settings.login_lockout_minutes),
            max_wait=timedelta(days=1),
            memory=timedelta(days=1),
        ),
    }


@dataclass(frozen=True, slots=True)
class Key:
    scope: Scope
    address: str
    username: str | None = None

    @property
    def digest(self) -> str:
        raw = f"{self.scope.value}\n{self.address}\n{self.username or ''}"
        return hashlib.sha256(raw.encode()).hexdigest()

    @property
    def subject(self) -> str | None:
        return None if self.username is None else _subject(self.username)


def _subject(username: str) -> str:
    return hashlib.sha256(f"username\n{username}".encode()).hexdigest()


def password_keys(address: str, username: str) -> tuple[Key, Key]:
    """The keys a password guess counts under, in the order rows are taken."""
    return Key(Scope.address, address), Key(Scope.address_user, address, username)


@dataclass(frozen=True, slots=True)
class Counted:
    failures: int
    within_limit: bool  # one of the key's first `limit` failures


class Throttle:
    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.policies = policies(settings)

    async def retry_after(self, *keys: Key) -> int | None:
        """Seconds until the longest wait among `keys` ends; None when none waits."""
        now = utcnow()
        until = await self.session.scalar(
            select(_TABLE.c.blocked_until)
            .where(
                _TABLE.c.key.in_([key.digest for key in keys]),
                _TABLE.c.blocked_until > now,
            )
            .order_by(_TABLE.c.blocked_until.desc())
            .limit(1)
        )
        if until is None:
            return None
        return max(1, int(-(-(until - now).total_seconds() // 1)))

    async def fail(self, key: Key) -> Counted:
        """Count one failure under `key` (atomically); start its wait if it is due."""
        policy = self.policies[key.scope]
        now = utcnow()
        forgotten = _TABLE.c.expires_at <= now
        upsert = _upsert(
            self.session,
            values={
                "key": key.digest,
                "scope": key.scope.value,
                "address": key.address[:64],
                "subject": key.subject,
                "failures": 1,
                "blocked_until": None,
                "expires_at": now + policy.memory,
            },
            set_={
                "failures": case((forgotten, 1), else_=_TABLE.c.failures + 1),
                "blocked_until": case((forgotten, null()), else_=_TABLE.c.blocked_until),
                "expires_at": _later(_TABLE.c.expires_at, now + policy.memory),
            },
        )
        failures = (await self.session.execute(upsert)).scalar_one()
        wait = policy.wait_after(failures)
        if wait is not None:
            await self._block(key, now + wait, policy.memory)
        if failures == 1:
            await self._prune(now)
        return Counted(failures=failures, within_limit=failures <= policy.limit)

    async def forget(self, key: Key) -> None:
        await self.session.execute(delete(_TABLE).where(_TABLE.c.key == key.digest))

    async def _block(self, key: Key, until: datetime, memory: timedelta) -> None:
        blocked = _TABLE.c.blocked_until
        await self.session.execute(
            update(_TABLE)
            .where(_TABLE.c.key == key.digest)
            .values(
                blocked_until=case((blocked.is_(None) | (blocked < until), until), else_=blocked),
                expires_at=_later(_TABLE.c.expires_at, until + memory),
            )
        )

    async def _prune(self, now: datetime) -> None:
        expired = (
            select(_TABLE.c.key)
            .where(_TABLE.c.expires_at <= now)
            .limit(PRUNE_BATCH)
            .with_for_update(skip_locked=True)
        )
        await self.session.execute(
            delete(_TABLE)
            .where(_TABLE.c.key.in_(expired.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )


async def forget_username(session: AsyncSession, username: str) -> None:
    """Every address's record for `username` (an administrator unlocked it or reset its
    password): a fresh start, as for the account's own count."""
    await session.execute(delete(_TABLE).where(_TABLE.c.subject == _subject(username)))


def _later(column: ColumnElement[datetime], moment: datetime) -> ColumnElement[datetime]:
    """The later of a stored moment and `moment` (GREATEST, which SQLite spells MAX)."""
    return case((column < moment, moment), else_=column)


def _upsert(
    session: AsyncSession, values: dict[str, Any], set_: dict[str, Any]
) -> ReturningInsert[int]:
    """INSERT … ON CONFLICT (key) DO UPDATE … RETURNING failures, in the session's dialect."""
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(_TABLE).values(**values)
        return pg.on_conflict_do_update(index_elements=[_TABLE.c.key], set_=set_).returning(
            _TABLE.c.failures
        )
    lite = sqlite.insert(_TABLE).values(**values)
    return lite.on_conflict_do_update(index_elements=[_TABLE.c.key], set_=set_).returning(
        _TABLE.c.failures
    )
