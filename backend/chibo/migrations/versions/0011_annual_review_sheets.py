"""Annual review sheets as data: the cell and member sheets (version 1) of the yearly review
(kiểm điểm, đánh giá, xếp loại hằng năm), rows of `rating_sheets` with subject annual_cell /
annual_member.

The sheets are read from backend/chibo/reviews/sheets/*.v1.json: a file named for a version
never changes; a new version is loaded through the API as a new row.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHEETS_DIR = Path(__file__).resolve().parents[2] / "reviews" / "sheets"
SHEET_FILES = ("annual-cell.v1.json", "annual-member.v1.json")
EFFECTIVE_FROM = date(2023, 1, 1)


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime(2026, 11, 27, tzinfo=UTC)
    stamp = now if bind.dialect.name == "postgresql" else now.replace(tzinfo=None)
    sheets = sa.table(
        "rating_sheets",
        sa.column("code", sa.String()),
        sa.column("version_number", sa.Integer()),
        sa.column("subject", sa.String()),
        sa.column("name", sa.String()),
        sa.column("meeting_types", sa.JSON()),
        sa.column("definition", sa.JSON()),
        sa.column("source_note", sa.Text()),
        sa.column("effective_from", sa.Date()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    rows = []
    for name in SHEET_FILES:
        definition = json.loads((SHEETS_DIR / name).read_text(encoding="utf-8"))
        rows.append(
            {
                "code": definition["code"],
                "version_number": 1,
                "subject": definition["subject"],
                "name": definition["name"],
                "meeting_types": [],
                "definition": definition,
                "source_note": definition.get("source_note"),
                "effective_from": EFFECTIVE_FROM,
                "created_at": stamp,
            }
        )
    op.bulk_insert(sheets, rows)


def downgrade() -> None:
    op.execute(
        "DELETE FROM rating_sheets WHERE version_number = 1 "
        "AND code IN ('annual-cell', 'annual-member')"
    )
