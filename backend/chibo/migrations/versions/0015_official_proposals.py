"""Proposals to recognise a probationary member as official: the cell proposes (with its vote),
the base committee decides (QĐ 294, point 4.2).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import chibo.core.db

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "official_proposals",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "proposed",
                "approved",
                "rejected",
                name="official_proposal_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("cell_vote_on", sa.Date(), nullable=False),
        sa.Column("cell_resolution_ref", sa.String(length=120), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "proposed_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("proposed_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_ref", sa.String(length=120), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("official_date", sa.Date(), nullable=True),
        sa.Column(
            "decided_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("decided_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "decided_on IS NULL OR decided_on >= cell_vote_on",
            name=op.f("ck_official_proposals_decided_after"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["users.id"],
            name=op.f("fk_official_proposals_decided_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_official_proposals_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["proposed_by_user_id"],
            ["users.id"],
            name=op.f("fk_official_proposals_proposed_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_official_proposals_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_proposals")),
    )
    with op.batch_alter_table("official_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_official_proposals_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(
            "uq_official_proposals_one_open_per_member",
            ["member_id"],
            unique=True,
            sqlite_where=sa.text("status = 'proposed'"),
            postgresql_where=sa.text("status = 'proposed'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("official_proposals", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_official_proposals_one_open_per_member",
            sqlite_where=sa.text("status = 'proposed'"),
            postgresql_where=sa.text("status = 'proposed'"),
        )
        batch_op.drop_index(batch_op.f("ix_official_proposals_member_id"))

    op.drop_table("official_proposals")
