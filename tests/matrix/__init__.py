"""The authorization matrix: every endpoint, declared once by the package that owns it.

Each module here declares `ENDPOINTS`, may declare `FILL` (placeholders it fills from its
own ids) and may declare `async def targets(session, scope, ids)`
adding ids of its own objects ("in" scope: Chi bộ Nội vụ; "out": Sở Tài chính) to `ids`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALL = frozenset({"admin", "khoi", "dangbo.noivu", "bithu.noivu", "dangvien.noivu"})
COMMITTEES = frozenset({"admin", "khoi", "dangbo.noivu"})
MANAGERS = COMMITTEES | {"bithu.noivu"}
SEES_OUTSIDE = frozenset({"admin", "khoi"})


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
