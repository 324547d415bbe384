"""Password hashing (Argon2) and access tokens (JWT, HS256 only)."""

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import JWTError, jwt

from chibo.core.clock import utcnow

JWT_ALGORITHM = "HS256"
_hasher = PasswordHasher()
# Verified against when the username is unknown, so that unknown users cost as much as known ones.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def new_opaque_token() -> str:
    return secrets.token_urlsafe(32)


def digest_token(token: str) -> str:
    """Refresh tokens are stored only as digests."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_access_token(
    *,
    secret_key: str,
    subject: str,
    minutes: int,
    claims: dict[str, Any],
    now: datetime | None = None,
) -> tuple[str, int]:
    issued = now or utcnow()
    expires = issued + timedelta(minutes=minutes)
    payload = {
        **claims,
        "sub": subject,
        "iat": int(issued.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, secret_key, algorithm=JWT_ALGORITHM), minutes * 60


def decode_access_token(token: str, *, secret_key: str) -> dict[str, Any] | None:
    """The claims, or None when the token is malformed, forged, of another algorithm or expired."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != JWT_ALGORITHM:
            return None
        claims: dict[str, Any] = jwt.decode(
            token,
            secret_key,
            algorithms=[JWT_ALGORITHM],
            options={
                # exp is checked below against the injected clock, not the wall clock
                # (python-jose's require_exp would check it against the wall clock).
                "verify_exp": False,
                "require_sub": True,
                "require_iat": True,
                "require_jti": True,
                "leeway": 0,
            },
        )
    except JWTError:
        return None
    expires = claims.get("exp")
    if not isinstance(expires, int) or expires <= int(utcnow().timestamp()):
        return None
    return claims
