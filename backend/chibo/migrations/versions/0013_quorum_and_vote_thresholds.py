"""Votes have a kind and keep how many of the base were present; version 2 of the default
meeting norms carries the quorum and the threshold of each kind of vote, with their sources.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

import copy
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCE = (
    "Version 2 of the defaults (DOMAIN.md). Durations, documents, alerts as in version 1: "
    "Quy định 17-QĐ/TU (Hà Tĩnh, 02/6/2023) and HD 12-HD/BTCTW (2018), to be verified. "
    "Added: the quorum (two thirds of the voting base present; the party's rule for "
    "congresses and conferences, applied to cell meetings by default, to be verified; the "
    "province may set another share) and the threshold of each kind of vote over the voting "
    "base of Quy định 294-QĐ/TW (26/5/2025) point 9.3.2: an ordinary decision more than half; "
    "admitting a member (Điều lệ Đảng, Điều 4) and recognising official status (Điều 5) at "
    "least two thirds."
)

# The rules of version 1 (migration 0007), copied here so that this revision never changes
# when the code does.
RULES_V1: dict[str, Any] = {
    "min_duration_minutes": 90,
    "combined_min_duration_minutes": 120,
    "documents_days_before": 1,
    "minutes_final_within_days": 2,
    "regular_meetings_per_month": 1,
    "committee_meeting_before": True,
    "thematic_meetings_per_quarter": 1,
    "thematic_topics_per_year": {"min": 3, "max": 4},
    "ideology_minutes": {"min": 15, "max": 30},
    "late_after_minutes": 15,
    "unexcused_absences_alert_per_year": 3,
    "consecutive_excused_absences_alert": 3,
    "default_slot": {
        "day": "first_working_day",
        "start_time": "08:00:00",
        "duration_minutes": 120,
        "fixed_holidays": ["01-01", "04-30", "05-01", "09-02"],
        "extra_holidays": [],
        "location": None,
    },
}

RULES_V2: dict[str, Any] = {
    **copy.deepcopy(RULES_V1),
    # A meeting may start at most this long before its planned start (issue 9; no published
    # rule: the province may set another).
    "start_early_margin_minutes": 120,
    "quorum": {
        "numerator": 2,
        "denominator": 3,
        "source": (
            "Hai phần ba số đảng viên có quyền biểu quyết có mặt: quy tắc của Đảng cho đại "
            "hội, hội nghị (Điều lệ Đảng; Quy định 294-QĐ/TW), áp dụng mặc định cho sinh hoạt "
            "chi bộ (DOMAIN.md; verify); tỉnh có thể quy định tỷ lệ khác"
        ),
    },
    "vote_thresholds": {
        "ordinary": {
            "comparison": "more_than",
            "numerator": 1,
            "denominator": 2,
            "source": (
                "Quy định 294-QĐ/TW (26/5/2025), điểm 9.3.2: quá nửa số đảng viên chính thức "
                "có quyền biểu quyết (số triệu tập, trừ số sinh hoạt tạm thời nơi khác và số "
                "được miễn sinh hoạt vắng mặt); verify"
            ),
        },
        "admission": {
            "comparison": "at_least",
            "numerator": 2,
            "denominator": 3,
            "source": (
                "Điều lệ Đảng, Điều 4: chi bộ xét đề nghị kết nạp khi được ít nhất hai phần ba "
                "số đảng viên chính thức tán thành (số đảng viên tính theo Quy định "
                "294-QĐ/TW, điểm 9.3.2)"
            ),
        },
        "official_recognition": {
            "comparison": "at_least",
            "numerator": 2,
            "denominator": 3,
            "source": (
                "Điều lệ Đảng, Điều 5: chi bộ xét công nhận đảng viên chính thức khi được ít "
                "nhất hai phần ba số đảng viên chính thức tán thành (số đảng viên tính theo "
                "Quy định 294-QĐ/TW, điểm 9.3.2)"
            ),
        },
    },
}

# In force from the day Quy định 294-QĐ/TW was issued; earlier meetings keep version 1.
EFFECTIVE_FROM = date(2025, 5, 26)
NOW = datetime(2026, 12, 6, tzinfo=UTC)


def upgrade() -> None:
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "kind",
                sa.Enum(
                    "ordinary",
                    "admission",
                    "official_recognition",
                    name="vote_kind",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="ordinary",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("present", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            batch_op.f("ck_votes_within_present"),
            "present IS NULL OR (votes_for + votes_against + votes_abstain <= present "
            "AND present <= eligible)",
        )

    norms = sa.table(
        "meeting_norms",
        sa.column("unit_id", sa.BigInteger()),
        sa.column("scope_key", sa.String()),
        sa.column("version_number", sa.Integer()),
        sa.column("effective_from", sa.Date()),
        sa.column("rules", sa.JSON()),
        sa.column("source", sa.Text()),
        sa.column("created_at", sa.DateTime(timezone=True)),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    stamp = NOW if op.get_bind().dialect.name == "postgresql" else NOW.replace(tzinfo=None)
    op.bulk_insert(
        norms,
        [
            {
                "unit_id": None,
                "scope_key": "default",
                "version_number": 2,
                "effective_from": EFFECTIVE_FROM,
                "rules": RULES_V2,
                "source": SOURCE,
                "created_at": stamp,
                "updated_at": stamp,
            }
        ],
    )


def downgrade() -> None:
    # Meetings that used version 2 go back to having no recorded norms (version 1 then applies
    # by date).
    op.execute(
        "UPDATE meetings SET norms_id = NULL WHERE norms_id IN (SELECT id FROM meeting_norms "
        "WHERE scope_key = 'default' AND version_number = 2)"
    )
    op.execute("DELETE FROM meeting_norms WHERE scope_key = 'default' AND version_number = 2")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_votes_within_present"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_votes_vote_kind"), type_="check")
        batch_op.drop_column("present")
        batch_op.drop_column("kind")
