"""Rules for signing in and for accounts.

Services never commit. Where a refusal must still leave a trace in the database (a failed
sign-in counts towards the lock; reusing a spent refresh token revokes its session), the
service does not raise: it returns an outcome carrying the error, and the router answers with
it, so that the request's unit of work commits the bookkeeping.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from chibo.audit.service import record, snapshot
from chibo.auth.models import AuthSession, RefreshToken, Role, User
from chibo.auth.principal import COMMITTEE_ROLES, ROLE_RANK, Principal
from chibo.auth.repository import UserRepository
from chibo.auth.schemas import PasswordChange, PasswordReset, TokenPair, UserCreate, UserUpdate
from chibo.auth.throttle import (
    Counted,
    Key,
    Scope,
    Throttle,
    forget_username,
    password_keys,
)
from chibo.config import Settings
from chibo.core.clock import utcnow
from chibo.core.errors import (
    ChiboError,
    Forbidden,
    InvalidCredentials,
    InvalidToken,
    NotFound,
    TooManyAttempts,
    conflict,
    rule,
)
from chibo.core.security import (
    create_access_token,
    digest_token,
    hash_password,
    needs_rehash,
    new_opaque_token,
    verify_password,
)
from chibo.core.versioning import check_version
from chibo.units.models import Unit, UnitKind
from chibo.units.repository import UnitRepository

MIN_PASSWORD_LENGTH = 8

# The kind of unit each role is bound to (admins: any unit).
ROLE_UNIT_KIND: dict[Role, UnitKind] = {
    Role.superior_committee: UnitKind.superior_committee,
    Role.base_committee: UnitKind.base_committee,
    Role.cell_secretary: UnitKind.cell,
    Role.member: UnitKind.cell,
}


@dataclass(frozen=True, slots=True)
class AuthOutcome:
    """Either a token pair or the error to answer with (after committing the bookkeeping)."""

    tokens: TokenPair | None = None
    error: ChiboError | None = None


def check_password_policy(password: str, username: str) -> None:
    problems_en: list[str] = []
    problems_vi: list[str] = []
    reasons: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        reasons.append("too_short")
        problems_en.append(f"at least {MIN_PASSWORD_LENGTH} characters")
        problems_vi.append(f"có ít nhất {MIN_PASSWORD_LENGTH} ký tự")
    if password.strip().lower() == username.strip().lower():
        reasons.append("equals_username")
        problems_en.append("different from the username")
        problems_vi.append("khác tên đăng nhập")
    if reasons:
        raise rule(
            "weak_password",
            "The new password is too weak: it must be " + " and ".join(problems_en) + ".",
            "Mật khẩu mới chưa đủ mạnh: mật khẩu phải " + " và ".join(problems_vi) + ".",
            details={"reasons": reasons, "min_length": MIN_PASSWORD_LENGTH},
        )


def _principal_of(user: User, unit_path: str, session_id: str | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        role=user.role,
        unit_id=user.unit_id,
        unit_path=unit_path,
        member_id=user.member_id,
        session_id=session_id,
    )


class AuthService:
    """Signing in and out, token rotation, and the caller's own password."""

    def __init__(self, session: AsyncSession, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = UserRepository(session)
        self.throttle = Throttle(session, settings)

    async def login(
        self, username: str, password: str, user_agent: str | None, address: str
    ) -> AuthOutcome:
        name = username.strip().lower()
        by_address, by_pair = password_keys(address, name)
        # A waiting address (or address and username) is refused before any password is
        # checked; unknown usernames are counted alike, so the answer tells nothing.
        wait = await self.throttle.retry_after(by_address, by_pair)
        if wait is not None:
            return AuthOutcome(error=TooManyAttempts(wait))
        user = await self.repo.get_by_username(name)
        # Always one Argon2 verification: unknown users cost as much as known ones.
        password_ok = verify_password(user.password_hash if user else None, password)
        now = utcnow()
        locked = user is not None and user.locked_until is not None and user.locked_until > now
        if user is None or not user.active or locked or not password_ok:
            # Every refusal counts against the address, the right password on a locked or
            # disabled account too: when the waits begin must not tell which guess was right.
            await self.throttle.fail(by_address)
            pair = await self.throttle.fail(by_pair)
            if user is None:
                return AuthOutcome(error=InvalidCredentials())
            unit_path = await self.repo.unit_path(user.unit_id)
            if not user.active or locked:
                reason = "inactive" if not user.active else "locked"
                self._record_failure(user, unit_path, reason)
            else:
                await self._count_failure(user, unit_path, "wrong_password", now, pair)
            return AuthOutcome(error=InvalidCredentials())
        unit_path = await self.repo.unit_path(user.unit_id)

        # The right password from this address: its pair starts afresh (before the account's
        # row is written: rows are taken in the same order as a failure takes them).
        await self.throttle.forget(by_pair)
        new_hash = hash_password(password) if needs_rehash(user.password_hash) else None
        await self.repo.register_success(user.id, now=now, new_hash=new_hash)
        auth_session = AuthSession(
            id=uuid.uuid4().hex,
            user_id=user.id,
            created_at=now,
            last_used_at=now,
            user_agent=(user_agent or None) and user_agent[:255],
        )
        self.repo.add_session(auth_session)
        await self.session.flush()
        tokens = self._issue(user, auth_session.id, now)
        record(
            self.session,
            _principal_of(user, unit_path or "", auth_session.id),
            action="auth.login",
            entity_type="users",
            entity_id=user.id,
            unit_path=unit_path,
            after={"user_agent": auth_session.user_agent},
        )
        return AuthOutcome(tokens=tokens)

    async def refresh(self, refresh_token: str, address: str) -> AuthOutcome:
        by_address = Key(Scope.refresh_address, address)
        wait = await self.throttle.retry_after(by_address)
        if wait is not None:
            return AuthOutcome(error=TooManyAttempts(wait))
        found = await self.repo.find_token(digest_token(refresh_token))
        now = utcnow()
        if found is None:
            # A token that never existed is a guess (a real one expired or revoked is not).
            await self.throttle.fail(by_address)
            return AuthOutcome(error=InvalidToken())
        if found.auth_session.revoked_at is not None:
            raise InvalidToken()
        token, auth_session, user = found.token, found.auth_session, found.user
        if token.used_at is not None:
            return await self._reuse_detected(user, auth_session)
        if token.expires_at <= now or not user.active:
            raise InvalidToken()
        if not await self.repo.spend_token(token.id, now):
            # Spent by a concurrent request between our read and our write: the same reuse.
            return await self._reuse_detected(user, auth_session)
        await self.repo.touch_session(auth_session.id, now)
        return AuthOutcome(tokens=self._issue(user, auth_session.id, now))

    async def logout(self, principal: Principal) -> None:
        if principal.session_id is None:
            return
        if await self.repo.revoke_session(principal.session_id, now=utcnow(), reason="logout"):
            record(
                self.session,
                principal,
                action="auth.logout",
                entity_type="users",
                entity_id=principal.user_id,
                unit_path=principal.unit_path,
            )

    async def me(self, principal: Principal) -> User:
        user = await self.repo.get(principal.user_id)
        if user is None:  # pragma: no cover - get_principal has just read it
            raise InvalidToken()
        return user

    async def change_password(
        self, principal: Principal, data: PasswordChange, address: str
    ) -> ChiboError | None:
        """None when done; else the error to answer with (a wrong guess is counted)."""
        user = await self.me(principal)
        now = utcnow()
        if user.locked_until is not None and user.locked_until > now:
            seconds = (user.locked_until - now).total_seconds()
            return TooManyAttempts(int(-(-seconds // 1)), code="account_locked")
        by_address, by_pair = password_keys(address, user.username)
        wait = await self.throttle.retry_after(by_address, by_pair)
        if wait is not None:
            return TooManyAttempts(wait)
        if not verify_password(user.password_hash, data.current_password):
            # Counted like a failed sign-in: a stolen access token must not allow
            # unlimited guessing of the password behind it.
            await self.throttle.fail(by_address)
            pair = await self.throttle.fail(by_pair)
            await self._count_failure(
                user, principal.unit_path, "wrong_current_password", now, pair
            )
            return rule(
                "wrong_password",
                "The current password is not correct.",
                "Mật khẩu hiện tại không đúng.",
            )
        check_password_policy(data.new_password, user.username)
        before = snapshot(user)
        user.password_hash = hash_password(data.new_password)
        user.password_changed_at = now
        user.failed_logins = 0
        user.locked_until = None
        await self.session.flush()
        revoked = await self.repo.revoke_user_sessions(user.id, now=now, reason="password_change")
        record(
            self.session,
            principal,
            action="auth.password_change",
            entity=user,
            unit_path=principal.unit_path,
            before=before,
            after={**snapshot(user), "sessions_revoked": revoked},
        )
        return None

    def _issue(self, user: User, session_id: str, now: datetime) -> TokenPair:
        access_token, expires_in = create_access_token(
            secret_key=self.settings.secret_key,
            subject=str(user.id),
            minutes=self.settings.access_token_minutes,
            claims={"role": user.role.value, "unit": user.unit_id, "sid": session_id},
            now=now,
        )
        refresh_token = new_opaque_token()
        self.repo.add_token(
            RefreshToken(
                session_id=session_id,
                token_digest=digest_token(refresh_token),
                issued_at=now,
                expires_at=now + timedelta(days=self.settings.refresh_token_days),
            )
        )
        return TokenPair(
            access_token=access_token, refresh_token=refresh_token, expires_in=expires_in
        )

    async def _reuse_detected(self, user: User, auth_session: AuthSession) -> AuthOutcome:
        """A spent refresh token came back: someone holds a copy. Revoke the whole family."""
        if await self.repo.revoke_session(auth_session.id, now=utcnow(), reason="token_reuse"):
            record(
                self.session,
                None,
                action="auth.refresh_reuse",
                entity_type="users",
                entity_id=user.id,
                unit_path=await self.repo.unit_path(user.unit_id),
                after={"session_revoked": True},
            )
        return AuthOutcome(error=InvalidToken())

    async def _count_failure(
        self, user: User, unit_path: str | None, reason: str, now: datetime, pair: Counted
    ) -> None:
        """One more consecutive failure; at the limit the account locks for a while.

        Only the first failures of an (address, username) pair count: once the pair has had
        its share it waits on its own, and cannot lock the account again and again.
        """
        if not pair.within_limit:
            self._record_failure(user, unit_path, f"{reason}_address_throttled")
            return
        count = await self.repo.register_failure(
            user.id,
            now=now,
            max_failures=self.settings.login_max_failures,
            lock_until=now + timedelta(minutes=self.settings.login_lockout_minutes),
        )
        self._record_failure(user, unit_path, reason, count.failed_logins)
        if count.failed_logins == self.settings.login_max_failures:
            record(
                self.session,
                None,
                action="auth.locked",
                entity_type="users",
                entity_id=user.id,
                unit_path=unit_path,
                after={
                    "failed_logins": count.failed_logins,
                    "locked_until": count.locked_until.isoformat() if count.locked_until else None,
                },
            )

    def _record_failure(
        self, user: User, unit_path: str | None, reason: str, failed_logins: int | None = None
    ) -> None:
        record(
            self.session,
            None,
            action="auth.login_failed",
            entity_type="users",
            entity_id=user.id,
            unit_path=unit_path,
            after={"reason": reason, "failed_logins": failed_logins},
        )


class AccountService:
    """Account management by committees and administrators, within their subtree."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = UserRepository(session)
        self.units = UnitRepository(session)

    async def get(self, principal: Principal, user_id: int) -> User:
        _require_manager(principal)
        user = await self.repo.get_readable(principal, user_id)
        if user is None:
            raise NotFound()
        return user

    async def _get_managed(self, principal: Principal, user_id: int) -> User:
        user = await self.get(principal, user_id)
        if not _may_grant(principal, user.role):
            raise Forbidden(
                "You cannot manage an account with a higher role than yours.",
                "Bạn không thể quản lý tài khoản có vai trò cao hơn vai trò của mình.",
            )
        return user

    async def create(self, principal: Principal, data: UserCreate) -> User:
        _require_manager(principal)
        _check_grant(principal, data.role)
        unit = await self._target_unit(principal, data.unit_id)
        _check_role_fits(data.role, unit)
        check_password_policy(data.password, data.username)
        if await self.repo.get_by_username(data.username) is not None:
            raise _username_taken()
        if data.member_id is not None:
            await self._check_member(data.member_id, unit, None)
        user = User(
            username=data.username,
            full_name=data.full_name,
            email=str(data.email) if data.email else None,
            password_hash=hash_password(data.password),
            role=data.role,
            unit_id=unit.id,
            member_id=data.member_id,
            active=True,
            failed_logins=0,
            password_changed_at=utcnow(),
        )
        self.session.add(user)
        await self.session.flush()
        record(self.session, principal, action="user.create", entity=user, unit_path=unit.path)
        return user

    async def update(
        self, principal: Principal, user_id: int, data: UserUpdate, if_match: str | None
    ) -> User:
        user = await self._get_managed(principal, user_id)
        check_version(user.version, data.version, if_match)
        changes = data.model_dump(exclude_unset=True, exclude={"version"})
        for required in ("full_name", "role", "unit_id", "active"):
            if required in changes and changes[required] is None:
                raise rule(
                    "field_required",
                    f"'{required}' cannot be emptied.",
                    f"Không được để trống trường '{required}'.",
                    details={"field": required},
                )
        changes = {k: v for k, v in changes.items() if getattr(user, k) != v}
        if not changes:
            return user

        if user.id == principal.user_id:
            if changes.get("active") is False:
                raise rule(
                    "cannot_deactivate_self",
                    "You cannot deactivate your own account.",
                    "Bạn không thể tự vô hiệu hóa tài khoản của mình.",
                )
            if "role" in changes or "unit_id" in changes:
                raise rule(
                    "cannot_demote_self",
                    "You cannot change your own role or unit.",
                    "Bạn không thể tự thay đổi vai trò hoặc đơn vị của mình.",
                )

        new_role: Role = changes.get("role", user.role)
        if "role" in changes:
            _check_grant(principal, new_role)
        if "unit_id" in changes:
            unit = await self._target_unit(principal, changes["unit_id"])
        else:
            current = await self.units.get(user.unit_id)
            assert current is not None
            unit = current
        if "role" in changes or "unit_id" in changes:
            _check_role_fits(new_role, unit)
        new_member_id = changes.get("member_id", user.member_id)
        if new_member_id is not None and ("member_id" in changes or "unit_id" in changes):
            await self._check_member(new_member_id, unit, user.id)

        before = snapshot(user)
        for key, value in changes.items():
            setattr(user, key, value)
        await self.session.flush()
        revoked = 0
        if changes.get("active") is False:
            revoked = await self._revoke_all(user, "deactivated")
        elif "role" in changes or "unit_id" in changes:
            # Permissions changed: sign in again, so that no token tells the old ones.
            revoked = await self._revoke_all(user, "role_changed")
        after = snapshot(user)
        if revoked:
            after["sessions_revoked"] = revoked
        record(
            self.session,
            principal,
            action="user.update",
            entity=user,
            unit_path=unit.path,
            before=before,
            after=after,
        )
        return user

    async def reset_password(
        self, principal: Principal, user_id: int, data: PasswordReset, if_match: str | None
    ) -> User:
        user = await self._get_managed(principal, user_id)
        if user.id == principal.user_id:
            raise rule(
                "use_password_change",
                "Change your own password with POST /api/v1/auth/password.",
                "Hãy đổi mật khẩu của chính bạn bằng chức năng đổi mật khẩu.",
            )
        check_version(user.version, data.version, if_match)
        check_password_policy(data.new_password, user.username)
        before = snapshot(user)
        now = utcnow()
        # A fresh start from every address too (waits of address and username pairs).
        await forget_username(self.session, user.username)
        user.password_hash = hash_password(data.new_password)
        user.password_changed_at = now
        user.failed_logins = 0
        user.locked_until = None
        await self.session.flush()
        revoked = await self._revoke_all(user, "password_reset")
        record(
            self.session,
            principal,
            action="user.reset_password",
            entity=user,
            unit_path=await self.repo.unit_path(user.unit_id),
            before=before,
            after={**snapshot(user), "sessions_revoked": revoked},
        )
        return user

    async def unlock(self, principal: Principal, user_id: int) -> User:
        user = await self._get_managed(principal, user_id)
        # A fresh start from every address too: the user who locked themselves out from their
        # own phone need not wait for that phone's address and username pair.
        await forget_username(self.session, user.username)
        if user.failed_logins == 0 and user.locked_until is None:
            return user
        before = snapshot(user)
        user.failed_logins = 0
        user.locked_until = None
        await self.session.flush()
        record(
            self.session,
            principal,
            action="user.unlock",
            entity=user,
            unit_path=await self.repo.unit_path(user.unit_id),
            before=before,
        )
        return user

    async def _revoke_all(self, user: User, reason: str) -> int:
        return await self.repo.revoke_user_sessions(user.id, now=utcnow(), reason=reason)

    async def _target_unit(self, principal: Principal, unit_id: int) -> Unit:
        unit = await self.units.get_readable(principal, unit_id)
        if unit is None:
            raise NotFound(
                "The unit does not exist.",
                "Không tìm thấy đơn vị.",
                code="unit_not_found",
                details={"unit_id": unit_id},
            )
        if not unit.active:
            raise rule(
                "unit_archived",
                "The unit is archived; accounts cannot be bound to it.",
                "Đơn vị đã lưu trữ, không thể gắn tài khoản vào đơn vị này.",
            )
        return unit

    async def _check_member(self, member_id: int, unit: Unit, user_id: int | None) -> None:
        if await self.repo.member_on_rolls(member_id, unit.path) is None:
            raise rule(
                "member_not_in_unit",
                "The member is not on the rolls of the account's unit.",
                "Đảng viên không thuộc danh sách của đơn vị gắn với tài khoản.",
                details={"member_id": member_id, "unit_id": unit.id},
            )
        linked = await self.repo.account_of_member(member_id)
        if linked is not None and linked.id != user_id:
            raise conflict(
                "member_already_linked",
                "Another account is already linked to this member.",
                "Đảng viên này đã được gắn với một tài khoản khác.",
                details={"member_id": member_id},
            )


def _require_manager(principal: Principal) -> None:
    if principal.role not in COMMITTEE_ROLES:
        raise Forbidden()


def _may_grant(principal: Principal, role: Role) -> bool:
    if role is Role.admin:
        return principal.is_admin
    return ROLE_RANK[role] <= ROLE_RANK[principal.role]


def _check_grant(principal: Principal, role: Role) -> None:
    if not _may_grant(principal, role):
        raise Forbidden(
            f"You cannot grant the role {role.value}.",
            "Bạn không được cấp vai trò này.",
            code="role_not_grantable",
            details={"role": role.value},
        )


def _check_role_fits(role: Role, unit: Unit) -> None:
    wanted = ROLE_UNIT_KIND.get(role)
    if wanted is not None and unit.kind is not wanted:
        raise rule(
            "role_unit_mismatch",
            f"An account with role {role.value} must be bound to a unit of kind {wanted.value}.",
            "Vai trò của tài khoản không phù hợp với loại đơn vị.",
            details={"role": role.value, "unit_kind": unit.kind.value, "expected": wanted.value},
        )


def _username_taken() -> ChiboError:
    return conflict(
        "username_taken",
        "This username is already taken.",
        "Tên đăng nhập đã được sử dụng.",
    )
