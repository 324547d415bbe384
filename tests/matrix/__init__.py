"""The authorization matrix: every endpoint, declared once by the package that owns it.

Each module here declares `ENDPOINTS`, may declare `FILL` (placeholders it fills from its
own ids) and may declare `async def targets(session, scope, ids)`
adding ids of its own objects ("in" scope: Chi bộ Nội vụ; "out": Sở Tài chính) to `ids`.

An endpoint declares the exact answer its allowed roles get: `status` (the success status,
by default 200, or 204 for DELETE), or, where the request meets a business rule by design,
`outcomes` ((role, scope, status, code) with role or scope "*" for any). Each field of the
body or query that names another object is declared in `foreign`: the matrix sends it an id
out of the caller's scope and an id that does not exist, and expects the same answer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALL = frozenset({"admin", "khoi", "dangbo.noivu", "bithu.noivu", "dangvien.noivu"})
COMMITTEES = frozenset({"admin", "khoi", "dangbo.noivu"})
MANAGERS = COMMITTEES | {"bithu.noivu"}
SEES_OUTSIDE = frozenset({"admin", "khoi"})


# An id no table holds (within a 32-bit integer: PostgreSQL's integer columns).
MISSING_ID = 2_000_000_000


@dataclass(frozen=True)
class Foreign:
    """A field of the body or query that names another object: `key` is the target whose
    id the request sends in it (substituted by the same key of the other scope's targets, or
    by MISSING_ID); `body`/`params` replace the endpoint's when the field is not in them."""

    field: str
    key: str
    body: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None
    params: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # OpenAPI path; {placeholders} filled from the targets
    allowed: frozenset[str]
    gated: bool = False  # role checked before the object: 403 whatever the scope
    scoped: bool = True  # the request names an object that lies in or out of scope
    body: Callable[[dict[str, Any]], dict[str, Any] | None] = lambda t: None
    public: bool = False
    # Where a second object named in the body decides: (role, scope) -> expectation
    # ("allowed", "hidden", "forbidden", or "forbidden:<code>": 403 with a rule's own code).
    overrides: tuple[tuple[str, str, str], ...] = ()
    # Sent as multipart files instead of JSON: {field: (filename, bytes, content type)}.
    files: Callable[[dict[str, Any]], dict[str, Any] | None] = lambda t: None
    # Placeholder -> key of the ids to fill it from (a module's FILL applies to all its
    # endpoints: each meeting package tests its own meeting in its own state).
    fill: dict[str, str] = field(default_factory=dict)
    # The declaring module (set by the matrix test): whose targets to build.
    module: str = ""
    # Query parameters the endpoint needs.
    params: Callable[[dict[str, Any]], dict[str, Any] | None] = lambda t: None
    # The success status of the allowed roles (None: 200, or 204 for DELETE).
    status: int | None = None
    # Business rules the right request meets by design: (role, scope, status, error code),
    # "*" matching any role or scope; the first match wins (a 2xx entry has no code).
    outcomes: tuple[tuple[str, str, int, str | None], ...] = ()
    # The fields that name other objects (no existence oracle through them).
    foreign: tuple[Foreign, ...] = ()

    def success(self) -> int:
        if self.status is not None:
            return self.status
        return 204 if self.method == "DELETE" else 200

    def expected(self, role: str, scope: str) -> tuple[int, str | None]:
        """The exact status (and error code) an allowed role gets."""
        for o_role, o_scope, status, code in self.outcomes:
            if o_role in ("*", role) and o_scope in ("*", scope):
                return status, code
        return self.success(), None
