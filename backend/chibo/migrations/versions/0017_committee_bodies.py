"""Seats on a base committee's committee and inspection committee: the body a seat belongs to,
and the inspection committee's positions (chair, deputy chair, member).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CELL_POSITIONS = ("secretary", "deputy_secretary", "committee_member")
_INSPECTION_POSITIONS = ("chair", "deputy_chair", "member")
_BODY_POSITION_CHECK = (
    "(body = 'committee' AND position IN ('secretary', 'deputy_secretary', 'committee_member'))"
    " OR (body = 'inspection_committee' AND position IN ('chair', 'deputy_chair', 'member'))"
)


_KIND_CHECK = "ck_committee_positions_committee_position_kind"


def _positions_check(*values: str) -> str:
    return "position IN ({})".format(", ".join(f"'{v}'" for v in values))


def upgrade() -> None:
    with op.batch_alter_table("committee_positions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "body",
                sa.Enum(
                    "committee",
                    "inspection_committee",
                    name="committee_body",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="committee",
                nullable=False,
            )
        )
        # The enum's CHECK lists the allowed values: it is recreated with the new ones.
        batch_op.drop_constraint(batch_op.f(_KIND_CHECK), type_="check")
        batch_op.create_check_constraint(
            batch_op.f(_KIND_CHECK), _positions_check(*_CELL_POSITIONS, *_INSPECTION_POSITIONS)
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_committee_positions_body_position"), _BODY_POSITION_CHECK
        )


def downgrade() -> None:
    op.execute("DELETE FROM committee_positions WHERE body <> 'committee'")
    with op.batch_alter_table("committee_positions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_committee_positions_body_position"), type_="check")
        batch_op.drop_constraint(batch_op.f(_KIND_CHECK), type_="check")
        batch_op.create_check_constraint(
            batch_op.f(_KIND_CHECK), _positions_check(*_CELL_POSITIONS)
        )
        batch_op.drop_constraint(batch_op.f("ck_committee_positions_committee_body"), type_="check")
        batch_op.drop_column("body")
