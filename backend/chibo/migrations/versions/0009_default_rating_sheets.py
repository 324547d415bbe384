"""Province defaults for ratings, as data: the QĐ 17 sheets for regular and thematic meetings
(version 1) and the roll-up rule.

The sheets are read from backend/chibo/ratings/sheets/*.v1.json: a file named for a version
never changes; a new version is loaded through the API as a new row.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHEETS_DIR = Path(__file__).resolve().parents[2] / "ratings" / "sheets"
SHEET_FILES = ("qd17-regular.v1.json", "qd17-thematic.v1.json")
EFFECTIVE_FROM = date(2023, 6, 2)  # Quy định 17-QĐ/TU
ROLLUP_RULE = {
    "method": "average",
    "level_thresholds": {"good": 90, "fair": 70, "average": 50, "poor": 0},
    "caps": [{"if_any_level": "poor", "max_level": "fair"}],
    "not_held": "count_as_missed",
    "meeting_types": ["regular"],
}
ROLLUP_SOURCE = (
    "Mặc định (DOMAIN.md): trung bình điểm các buổi đã xếp loại chính thức, quy ra mức; kỳ có "
    "buổi Kém thì không cao hơn Khá. Quy tắc chính thức của QĐ 17 chưa công bố: cần đối chiếu."
)


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime(2026, 11, 26, tzinfo=UTC)
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
                "subject": "meeting",
                "name": definition["name"],
                "meeting_types": definition["meeting_types"],
                "definition": definition,
                "source_note": definition.get("source_note"),
                "effective_from": EFFECTIVE_FROM,
                "created_at": stamp,
            }
        )
    op.bulk_insert(sheets, rows)
    rules = sa.table(
        "rating_rollup_rules",
        sa.column("unit_id", sa.BigInteger()),
        sa.column("scope_key", sa.String()),
        sa.column("version_number", sa.Integer()),
        sa.column("effective_from", sa.Date()),
        sa.column("rule", sa.JSON()),
        sa.column("source_note", sa.Text()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        rules,
        [
            {
                "unit_id": None,
                "scope_key": "default",
                "version_number": 1,
                "effective_from": EFFECTIVE_FROM,
                "rule": ROLLUP_RULE,
                "source_note": ROLLUP_SOURCE,
                "created_at": stamp,
                "updated_at": stamp,
            }
        ],
    )


def downgrade() -> None:
    op.execute("DELETE FROM rating_rollup_rules WHERE scope_key = 'default' AND version_number = 1")
    op.execute(
        "DELETE FROM rating_sheets WHERE version_number = 1 "
        "AND code IN ('qd17-regular', 'qd17-thematic')"
    )
