from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, computed_field

from chibo.documents.models import DocumentKind

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    meeting_id: int
    kind: DocumentKind
    title: str
    filename: str = Field(description="The uploaded name, its extension matching the content")
    content_type: str = Field(description="Told by the content, not by the name")
    size_bytes: int
    sha256: str
    uploaded_by_user_id: int | None
    sent_at: datetime | None = Field(description="When members were notified (tài liệu gửi trước)")
    posted_to_handbook_at: datetime | None = Field(
        description="When it was posted to Sổ tay đảng viên điện tử"
    )
    withdrawn_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def download_url(self) -> str:
        return f"/api/v1/documents/{self.id}/content"


class DocumentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int | None = Field(None, description="The version you read (or send If-Match)")
    title: Title | None = None
    kind: DocumentKind | None = None
    posted_to_handbook_at: AwareDatetime | None = Field(
        None, description="When it was posted to Sổ tay đảng viên điện tử (null clears it)"
    )
