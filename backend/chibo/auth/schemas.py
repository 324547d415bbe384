from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from chibo.auth.models import Role

# Passwords are checked by the service (clear, translated messages); the schema only caps the
# length, so that nobody makes the server hash megabytes.
Password = Annotated[str, Field(min_length=1, max_length=256)]
Username = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        to_lower=True,
        min_length=3,
        max_length=64,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    ),
    Field(description="Letters, digits, '.', '_' and '-'; case-insensitive (stored lower case)"),
]
FullName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Not validated beyond length: a malformed username is just a wrong one (same answer).
    username: Annotated[str, Field(min_length=1, max_length=254)]
    password: Password


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Lifetime of the access token, in seconds")


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: Annotated[str, Field(min_length=1, max_length=256)]


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: Password
    new_password: Password


class UserRead(BaseModel):
    """An account as the API shows it; the password hash never leaves the server."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    full_name: str
    email: str | None
    role: Role
    unit_id: int
    unit_name: str | None = None
    member_id: int | None
    active: bool
    locked: bool = Field(False, description="Locked after too many failed sign-ins")
    locked_until: datetime | None
    last_login_at: datetime | None
    password_changed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: Username
    full_name: FullName
    email: EmailStr | None = None
    password: Password
    role: Role
    unit_id: int
    member_id: int | None = Field(None, description="The member record of this person, if any")


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, description="The version you read (or send If-Match)")
    full_name: FullName | None = None
    email: EmailStr | None = None
    role: Role | None = None
    unit_id: int | None = None
    member_id: int | None = None
    active: bool | None = None


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    new_password: Password
    version: int | None = Field(None, description="The version you read (or send If-Match)")


def user_read(user: object, unit_name: str | None, now: datetime) -> UserRead:
    """The API view of an account, with its unit's name and whether it is locked now."""
    read = UserRead.model_validate(user)
    read.unit_name = unit_name
    read.locked = read.locked_until is not None and read.locked_until > now
    return read
