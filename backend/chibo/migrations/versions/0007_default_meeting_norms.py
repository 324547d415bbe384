"""Province defaults: meeting norms and agenda templates (DOMAIN.md), as data.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCE = (
    "Defaults from DOMAIN.md: Quy định 17-QĐ/TU (Hà Tĩnh, 02/6/2023) and HD 12-HD/BTCTW (2018); "
    "the official annex is not public, so these values are to be verified and may be replaced "
    "by a new version."
)
RULES = {
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
    "vote_pass_rule": "more_than_half_of_eligible",
    "default_slot": {
        "day": "first_working_day",
        "start_time": "08:00:00",
        "duration_minutes": 120,
        "fixed_holidays": ["01-01", "04-30", "05-01", "09-02"],
        "extra_holidays": [],
        "location": None,
    },
}


def _item(title: str, kind: str, minutes: int) -> dict[str, object]:
    return {"title": title, "kind": kind, "planned_minutes": minutes}


TEMPLATES = {
    "regular": [
        _item("Khai mạc, nêu lý do, giới thiệu đại biểu; cử thư ký", "opening", 5),
        _item("Điểm danh đảng viên; tình hình thu, nộp đảng phí", "roll_call", 5),
        _item("Thông qua chương trình sinh hoạt", "agenda_adoption", 2),
        _item(
            "Báo cáo kết quả thực hiện nhiệm vụ tháng trước, phương hướng nhiệm vụ tháng tới",
            "report",
            15,
        ),
        _item("Kiểm điểm việc thực hiện nhiệm vụ được giao tháng trước", "task_review", 10),
        _item("Thông tin thời sự, phổ biến văn bản mới của cấp trên", "information", 10),
        _item("Thảo luận", "discussion", 20),
        _item("Tình hình tư tưởng; tự phê bình và phê bình", "ideology", 15),
        _item("Kết luận, phân công nhiệm vụ", "conclusion", 5),
        _item("Biểu quyết thông qua nghị quyết", "vote", 3),
        _item("Đánh giá, xếp loại chất lượng buổi sinh hoạt", "rating", 3),
        _item("Thông qua biên bản", "minutes", 5),
    ],
    "thematic": [
        _item("Khai mạc, nêu lý do, giới thiệu đại biểu; cử thư ký", "opening", 5),
        _item("Điểm danh đảng viên", "roll_call", 3),
        _item("Báo cáo viên trình bày chuyên đề", "thematic", 30),
        _item("Thảo luận chuyên đề", "discussion", 40),
        _item("Bí thư đánh giá, kết luận chuyên đề", "conclusion", 10),
        _item("Thông qua biên bản", "minutes", 5),
    ],
    "committee": [
        _item("Khai mạc", "opening", 2),
        _item("Đánh giá kết quả tháng trước, dự kiến nội dung sinh hoạt chi bộ", "discussion", 30),
        _item("Thống nhất dự thảo nghị quyết, phân công chuẩn bị", "conclusion", 10),
        _item("Thông qua biên bản", "minutes", 3),
    ],
    "extraordinary": [
        _item("Khai mạc, nêu lý do cuộc họp", "opening", 5),
        _item("Điểm danh đảng viên", "roll_call", 3),
        _item("Nội dung cần giải quyết", "discussion", 40),
        _item("Biểu quyết", "vote", 5),
        _item("Kết luận", "conclusion", 5),
        _item("Thông qua biên bản", "minutes", 5),
    ],
    "party_committee": [
        _item("Khai mạc", "opening", 2),
        _item("Báo cáo tình hình các chi bộ trong tháng", "report", 20),
        _item("Thảo luận", "discussion", 40),
        _item("Kết luận, phân công nhiệm vụ", "conclusion", 10),
        _item("Thông qua biên bản", "minutes", 5),
    ],
}

NOW = datetime(2026, 11, 26, tzinfo=UTC)


def upgrade() -> None:
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
    templates = sa.table(
        "agenda_templates",
        sa.column("unit_id", sa.BigInteger()),
        sa.column("scope_key", sa.String()),
        sa.column("meeting_type", sa.String()),
        sa.column("version_number", sa.Integer()),
        sa.column("items", sa.JSON()),
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
                "version_number": 1,
                "effective_from": date(2023, 6, 2),
                "rules": RULES,
                "source": SOURCE,
                "created_at": stamp,
                "updated_at": stamp,
            }
        ],
    )
    op.bulk_insert(
        templates,
        [
            {
                "unit_id": None,
                "scope_key": "default",
                "meeting_type": meeting_type,
                "version_number": 1,
                "items": items,
                "created_at": stamp,
                "updated_at": stamp,
            }
            for meeting_type, items in TEMPLATES.items()
        ],
    )


def downgrade() -> None:
    op.execute("DELETE FROM agenda_templates WHERE scope_key = 'default' AND version_number = 1")
    op.execute("DELETE FROM meeting_norms WHERE scope_key = 'default' AND version_number = 1")
