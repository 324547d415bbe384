"""Accounts and sessions. A session is a refresh-token family: rotation keeps the family,
reuse of a spent token revokes all of it, and access tokens name their session (`sid`)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from chibo.core.db import Base, BigId, IdMixin, TimestampMixin, VersionedMixin, enum_type


class Role(StrEnum):
    admin = "admin"
    superior_committee = "superior_committee"
    base_committee = "base_committee"
    cell_secretary = "cell_secretary"
    member = "member"


class User(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "users"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    unit_id: Mapped[int] = mapped_column(BigId, ForeignKey("units.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("members.id"), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column()
    password_changed_at: Mapped[datetime | None] = mapped_column()
    last_login_at: Mapped[datetime | None] = mapped_column()


class AuthSession(Base):
    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column()
    last_used_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    revoked_reason: Mapped[str | None] = mapped_column(String(32))
    user_agent: Mapped[str | None] = mapped_column(String(255))


class RefreshToken(IdMixin, Base):
    __tablename__ = "refresh_tokens"

    session_id: Mapped[str] = mapped_column(String(32), ForeignKey("auth_sessions.id"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column()
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column()


class AuthThrottle(Base):
    """Failed attempts counted for one key: a client address, or an address and a username
    (chibo.auth.throttle). The key is a digest: people sometimes type their password into the
    username field, and what they typed must not be stored."""

    __tablename__ = "auth_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(64))
    # Digest of the username (address_user keys): an unlock or reset forgets its pairs.
    subject: Mapped[str | None] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer)
    blocked_until: Mapped[datetime | None] = mapped_column()
    # Forgotten (and deleted) once this passes: quiet for a whole memory period.
    expires_at: Mapped[datetime] = mapped_column(index=True)
