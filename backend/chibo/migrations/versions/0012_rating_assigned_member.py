"""A member the cell assigns to enter its self-rating.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meeting_ratings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "assigned_member_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_meeting_ratings_assigned_member_id_members"),
            "members",
            ["assigned_member_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("meeting_ratings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_meeting_ratings_assigned_member_id_members"), type_="foreignkey"
        )
        batch_op.drop_column("assigned_member_id")
