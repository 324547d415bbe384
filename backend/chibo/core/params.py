"""Query parameters shared by every list endpoint."""

from typing import Annotated

from fastapi import Depends, Query, Request

from chibo.config import Settings
from chibo.core.errors import ValidationFailed


def page_limit(
    request: Request,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            description="Page size; CHIBO_PAGE_LIMIT_DEFAULT (50) when not given, at most "
            "CHIBO_PAGE_LIMIT_MAX (200)",
        ),
    ] = None,
) -> int:
    """The page size of a list: the settings' default, or the one asked for up to their cap."""
    settings: Settings = request.app.state.settings
    if limit is None:
        return settings.page_limit_default
    if limit > settings.page_limit_max:
        raise ValidationFailed(
            details=[
                {
                    "loc": ["query", "limit"],
                    "msg": f"Input should be less than or equal to {settings.page_limit_max}",
                    "type": "less_than_equal",
                }
            ]
        )
    return limit


LimitParam = Annotated[int, Depends(page_limit)]
CursorParam = Annotated[
    str | None, Query(max_length=512, description="next_cursor of the previous page")
]
