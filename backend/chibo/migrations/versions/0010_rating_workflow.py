"""rating workflow: the voting base of the cell's vote, the caps of the approved score

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("meeting_ratings", sa.Column("vote_eligible", sa.Integer(), nullable=True))
    op.add_column(
        "meeting_ratings",
        sa.Column(
            "approved_caps_applied",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
    )


def downgrade() -> None:
    op.drop_column("meeting_ratings", "approved_caps_applied")
    op.drop_column("meeting_ratings", "vote_eligible")
