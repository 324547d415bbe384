"""Ratings: version 2 of the QĐ 17 sheets (the HD 12 quality bar as caps, the judged points'
step, sources named) as the default, and totals of points as exact decimals.

- The sheets are read from backend/chibo/ratings/sheets/*.v2.json (a file named for a version
  never changes), loaded as the next version of each code (2 on a fresh database). It is in
  force from the same day as version 1, so every rating made from now on uses it; ratings
  already made keep version 1 (they record their sheet).
- meeting_ratings.self_total, meeting_ratings.approved_total and rating_events.total become
  NUMERIC(8, 3) (they were floating point): a sheet's points have at most 3 decimal places,
  so every total is stored exactly.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHEETS_DIR = Path(__file__).resolve().parents[2] / "ratings" / "sheets"
SHEET_FILES = ("qd17-regular.v2.json", "qd17-thematic.v2.json")
EFFECTIVE_FROM = date(2023, 6, 2)  # Quy định 17-QĐ/TU, as version 1
TOTALS = (("meeting_ratings", "self_total"), ("meeting_ratings", "approved_total"),
          ("rating_events", "total"))  # fmt: skip


def _retype(old: sa.types.TypeEngine[Any], new: sa.types.TypeEngine[Any]) -> None:
    for table in ("meeting_ratings", "rating_events"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, column in TOTALS:
                if name == table:
                    batch_op.alter_column(
                        column, existing_type=old, type_=new, existing_nullable=True
                    )


def upgrade() -> None:
    _retype(sa.Float(), sa.Numeric(8, 3))
    bind = op.get_bind()
    now = datetime(2026, 12, 6, tzinfo=UTC)
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
        # The next version of the code (2 unless an administrator loaded versions already).
        latest = bind.execute(
            sa.text("SELECT MAX(version_number) FROM rating_sheets WHERE code = :code"),
            {"code": definition["code"]},
        ).scalar()
        rows.append(
            {
                "code": definition["code"],
                "version_number": int(latest or 0) + 1,
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


def downgrade() -> None:
    # The versions this migration loaded: by no account, after version 1.
    op.execute(
        "DELETE FROM rating_sheets WHERE version_number > 1 AND created_by_user_id IS NULL "
        "AND code IN ('qd17-regular', 'qd17-thematic')"
    )
    _retype(sa.Numeric(8, 3), sa.Float())
