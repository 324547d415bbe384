from datetime import datetime

from pydantic import BaseModel, Field


class CalendarFeedCreated(BaseModel):
    url: str = Field(
        description="Path of the private feed (append to the server's address); shown once: "
        "only its digest is kept. Creating a new one revokes the previous URL."
    )
    created_at: datetime
