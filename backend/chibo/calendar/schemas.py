from datetime import datetime

from pydantic import BaseModel, Field


class CalendarFeedCreated(BaseModel):
    url: str = Field(
        description="Path of the private feed (append to the server's address); shown once: "
        "only its digest is kept. Creating a new one revokes the previous URL."
    )
    created_at: datetime


class CalendarFeedState(BaseModel):
    """Whether the caller has a live private URL; never the URL itself (shown once, when made)."""

    active: bool
    created_at: datetime | None = Field(description="When the live URL was made")
