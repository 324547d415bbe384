"""Query parameters shared by every list endpoint."""

from typing import Annotated

from fastapi import Query

LimitParam = Annotated[int, Query(ge=1, le=200, description="Page size (at most 200)")]
CursorParam = Annotated[
    str | None, Query(max_length=512, description="next_cursor of the previous page")
]
