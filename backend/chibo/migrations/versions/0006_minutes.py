"""votes, minutes, resolutions and tasks

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import chibo.core.db

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "votes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "meeting_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "subject",
            sa.Enum(
                "resolution",
                "conclusion",
                "other",
                name="vote_subject",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("eligible", sa.Integer(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=False),
        sa.Column("votes_against", sa.Integer(), nullable=False),
        sa.Column("votes_abstain", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("pass_rule", sa.String(length=40), nullable=False),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "votes_for + votes_against + votes_abstain <= eligible",
            name=op.f("ck_votes_within_base"),
        ),
        sa.CheckConstraint(
            "votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0",
            name=op.f("ck_votes_non_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_votes_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "minutes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "meeting_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("generated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "edited_by_user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("final_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "final_by_user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["edited_by_user_id"], ["users.id"], name=op.f("fk_minutes_edited_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["final_by_user_id"], ["users.id"], name=op.f("fk_minutes_final_by_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_minutes_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_minutes_meeting_id")),
    )
    op.create_table(
        "resolutions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "meeting_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "resolution",
                "conclusion",
                name="resolution_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("adopted_on", sa.Date(), nullable=False),
        sa.Column("vote_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_resolutions_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_resolutions_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes.id"], name=op.f("fk_resolutions_vote_id_votes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolutions")),
        sa.UniqueConstraint(
            "unit_id",
            "year",
            "kind",
            "number",
            name=op.f("uq_resolutions_unit_id_year_kind_number"),
        ),
    )
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resolutions_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "tasks",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "meeting_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "resolution_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column(
            "owner_member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "done",
                "not_done",
                "cancelled",
                name="task_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column(
            "reviewed_in_meeting_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_tasks_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["owner_member_id"], ["members.id"], name=op.f("fk_tasks_owner_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["resolution_id"], ["resolutions.id"], name=op.f("fk_tasks_resolution_id_resolutions")
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_in_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_tasks_reviewed_in_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_tasks_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tasks_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index("ix_tasks_unit_id_deadline", ["unit_id", "deadline"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_unit_id_deadline")
        batch_op.drop_index(batch_op.f("ix_tasks_meeting_id"))

    op.drop_table("tasks")
    with op.batch_alter_table("resolutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resolutions_meeting_id"))

    op.drop_table("resolutions")
    op.drop_table("minutes")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_meeting_id"))

    op.drop_table("votes")
