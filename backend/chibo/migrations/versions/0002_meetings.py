"""meetings: norms, agenda templates, thematic topics, meetings, agenda, amendments, calendar feeds

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import chibo.core.db

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting_norms",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("scope_key", sa.String(length=32), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column(
            "rules",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_meeting_norms_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_meeting_norms_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_norms")),
        sa.UniqueConstraint(
            "scope_key", "version_number", name=op.f("uq_meeting_norms_scope_key_version_number")
        ),
    )
    with op.batch_alter_table("meeting_norms", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_norms_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "agenda_templates",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("scope_key", sa.String(length=32), nullable=False),
        sa.Column(
            "meeting_type",
            sa.Enum(
                "regular",
                "thematic",
                "committee",
                "extraordinary",
                "party_committee",
                name="meeting_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column(
            "items",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_agenda_templates_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_templates")),
        sa.UniqueConstraint(
            "scope_key",
            "meeting_type",
            "version_number",
            name=op.f("uq_agenda_templates_scope_key_meeting_type_version_number"),
        ),
    )
    with op.batch_alter_table("agenda_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_templates_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "thematic_topics",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "presenter_member_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "registered",
                "held",
                "postponed",
                "cancelled",
                name="thematic_topic_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "quarter BETWEEN 1 AND 4", name=op.f("ck_thematic_topics_quarter_range")
        ),
        sa.ForeignKeyConstraint(
            ["presenter_member_id"],
            ["members.id"],
            name=op.f("fk_thematic_topics_presenter_member_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_thematic_topics_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thematic_topics")),
    )
    with op.batch_alter_table("thematic_topics", schema=None) as batch_op:
        batch_op.create_index("ix_thematic_topics_unit_id_year", ["unit_id", "year"], unique=False)

    op.create_table(
        "meetings",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("unit_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "meeting_type",
            sa.Enum(
                "regular",
                "thematic",
                "committee",
                "extraordinary",
                "party_committee",
                name="meeting_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "format",
            sa.Enum(
                "in_person",
                "online",
                "hybrid",
                name="meeting_format",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "announced",
                "in_progress",
                "held",
                "minutes_final",
                "cancelled",
                name="meeting_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("period_year", sa.Integer(), nullable=False),
        sa.Column("period_month", sa.Integer(), nullable=False),
        sa.Column("planned_start", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("planned_end", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("online_link", sa.String(length=500), nullable=True),
        sa.Column("has_thematic_part", sa.Boolean(), nullable=False),
        sa.Column(
            "thematic_topic_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "chair_member_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "minute_taker_member_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "follower_member_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("follower_name", sa.String(length=120), nullable=True),
        sa.Column(
            "preparation_meeting_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("norms_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("notice_content", sa.Text(), nullable=True),
        sa.Column("announced_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "notice_sent_to_members_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "notice_sent_to_follower_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("actual_start", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("actual_end", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("held_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("minutes_final_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("cancel_reason", sa.String(length=500), nullable=True),
        sa.Column("checkin_code", sa.String(length=12), nullable=True),
        sa.Column("tasks_reviewed_total", sa.Integer(), nullable=True),
        sa.Column("tasks_reviewed_done", sa.Integer(), nullable=True),
        sa.Column("ideology_minutes", sa.Integer(), nullable=True),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "actual_end IS NULL OR actual_start IS NULL OR actual_end > actual_start",
            name=op.f("ck_meetings_actual_order"),
        ),
        sa.CheckConstraint("planned_end > planned_start", name=op.f("ck_meetings_planned_order")),
        sa.ForeignKeyConstraint(
            ["chair_member_id"], ["members.id"], name=op.f("fk_meetings_chair_member_id_members")
        ),
        sa.ForeignKeyConstraint(
            ["follower_member_id"],
            ["members.id"],
            name=op.f("fk_meetings_follower_member_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["minute_taker_member_id"],
            ["members.id"],
            name=op.f("fk_meetings_minute_taker_member_id_members"),
        ),
        sa.ForeignKeyConstraint(
            ["norms_id"], ["meeting_norms.id"], name=op.f("fk_meetings_norms_id_meeting_norms")
        ),
        sa.ForeignKeyConstraint(
            ["preparation_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_meetings_preparation_meeting_id_meetings"),
        ),
        sa.ForeignKeyConstraint(
            ["thematic_topic_id"],
            ["thematic_topics.id"],
            name=op.f("fk_meetings_thematic_topic_id_thematic_topics"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_meetings_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meetings_thematic_topic_id"), ["thematic_topic_id"], unique=False
        )
        batch_op.create_index(
            "ix_meetings_unit_id_planned_start", ["unit_id", "planned_start"], unique=False
        )
        batch_op.create_index(
            "uq_meetings_one_regular_per_month",
            ["unit_id", "period_year", "period_month"],
            unique=True,
            sqlite_where=sa.text("meeting_type = 'regular' AND status != 'cancelled'"),
            postgresql_where=sa.text("meeting_type = 'regular' AND status != 'cancelled'"),
        )

    op.create_table(
        "agenda_items",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "meeting_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "opening",
                "roll_call",
                "agenda_adoption",
                "report",
                "task_review",
                "member_evaluation",
                "information",
                "discussion",
                "ideology",
                "thematic",
                "conclusion",
                "vote",
                "rating",
                "minutes",
                "other",
                name="agenda_item_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("planned_minutes", sa.Integer(), nullable=True),
        sa.Column(
            "presenter_member_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_agenda_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["presenter_member_id"],
            ["members.id"],
            name=op.f("fk_agenda_items_presenter_member_id_members"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agenda_items_meeting_id_position", ["meeting_id", "position"], unique=False
        )

    op.create_table(
        "meeting_amendments",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "meeting_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("target", sa.String(length=40), nullable=False),
        sa.Column(
            "before",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column(
            "after",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column(
            "amended_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("amended_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["amended_by_user_id"],
            ["users.id"],
            name=op.f("fk_meeting_amendments_amended_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_amendments_meeting_id_meetings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_amendments")),
    )
    with op.batch_alter_table("meeting_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_amendments_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "calendar_feeds",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("created_at", chibo.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", chibo.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_calendar_feeds_token_digest")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feeds_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_user_id"))

    op.drop_table("calendar_feeds")
    with op.batch_alter_table("meeting_amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_amendments_meeting_id"))

    op.drop_table("meeting_amendments")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index("ix_agenda_items_meeting_id_position")

    op.drop_table("agenda_items")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_meetings_one_regular_per_month",
            sqlite_where=sa.text("meeting_type = 'regular' AND status != 'cancelled'"),
            postgresql_where=sa.text("meeting_type = 'regular' AND status != 'cancelled'"),
        )
        batch_op.drop_index("ix_meetings_unit_id_planned_start")
        batch_op.drop_index(batch_op.f("ix_meetings_thematic_topic_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_status"))

    op.drop_table("meetings")
    with op.batch_alter_table("thematic_topics", schema=None) as batch_op:
        batch_op.drop_index("ix_thematic_topics_unit_id_year")

    op.drop_table("thematic_topics")
    with op.batch_alter_table("agenda_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_templates_unit_id"))

    op.drop_table("agenda_templates")
    with op.batch_alter_table("meeting_norms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_norms_unit_id"))

    op.drop_table("meeting_norms")
