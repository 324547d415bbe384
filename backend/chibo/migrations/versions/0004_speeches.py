"""speeches and the list of speakers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import chibo.core.db

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "speeches",
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
            "member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "agenda_item_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "contribution",
                "proposal",
                "report",
                "question",
                "answer",
                "self_criticism",
                "criticism",
                name="speech_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "waiting",
                "speaking",
                "paused",
                "done",
                "withdrawn",
                name="speech_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("requested_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("requested_by_self", sa.Boolean(), nullable=False),
        sa.Column("begin_time", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("end_time", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("segment_started_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("spoken_seconds", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "quality IS NULL OR quality BETWEEN 1 AND 5", name=op.f("ck_speeches_quality_range")
        ),
        sa.CheckConstraint("spoken_seconds >= 0", name=op.f("ck_speeches_spoken_non_negative")),
        sa.CheckConstraint(
            "state IN ('waiting', 'withdrawn') OR begin_time IS NOT NULL",
            name=op.f("ck_speeches_begun_has_begin"),
        ),
        sa.CheckConstraint(
            "state != 'done' OR end_time IS NOT NULL", name=op.f("ck_speeches_done_has_end")
        ),
        sa.CheckConstraint(
            "(state = 'speaking') = (segment_started_at IS NOT NULL)",
            name=op.f("ck_speeches_segment_only_while_speaking"),
        ),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_items.id"],
            name=op.f("fk_speeches_agenda_item_id_agenda_items"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_speeches_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_speeches_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speeches")),
    )
    with op.batch_alter_table("speeches", schema=None) as batch_op:
        batch_op.create_index(
            "ix_speeches_meeting_id_state_weight", ["meeting_id", "state", "weight"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_speeches_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            "uq_speeches_one_current_per_meeting",
            ["meeting_id"],
            unique=True,
            sqlite_where=sa.text("state IN ('speaking', 'paused')"),
            postgresql_where=sa.text("state IN ('speaking', 'paused')"),
        )
        batch_op.create_index(
            "uq_speeches_one_waiting_per_member",
            ["meeting_id", "member_id"],
            unique=True,
            sqlite_where=sa.text("state = 'waiting'"),
            postgresql_where=sa.text("state = 'waiting'"),
        )


def downgrade() -> None:
    with op.batch_alter_table("speeches", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_speeches_one_waiting_per_member",
            sqlite_where=sa.text("state = 'waiting'"),
            postgresql_where=sa.text("state = 'waiting'"),
        )
        batch_op.drop_index(
            "uq_speeches_one_current_per_meeting",
            sqlite_where=sa.text("state IN ('speaking', 'paused')"),
            postgresql_where=sa.text("state IN ('speaking', 'paused')"),
        )
        batch_op.drop_index(batch_op.f("ix_speeches_member_id"))
        batch_op.drop_index("ix_speeches_meeting_id_state_weight")

    op.drop_table("speeches")
