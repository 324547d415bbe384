"""The facts a rating sheet may use: what each measures, its unit and its range.

Sheets name facts by these keys; the facts service computes them from the meeting record
(roll call, speeches, documents, minutes, tasks) and says where each value came from."""

from dataclasses import dataclass
from enum import StrEnum


class FactKind(StrEnum):
    number = "number"
    percent = "percent"
    flag = "flag"


@dataclass(frozen=True)
class FactSpec:
    kind: FactKind
    label_vi: str
    minimum: float | None = 0
    maximum: float | None = None


FACTS: dict[str, FactSpec] = {
    "duration_minutes": FactSpec(FactKind.number, "Thời lượng sinh hoạt (phút)"),
    "duration_shortfall_minutes": FactSpec(
        FactKind.number, "Số phút thiếu so với quy định (90, hoặc 120 nếu kết hợp chuyên đề)"
    ),
    "attendance_rate": FactSpec(
        FactKind.percent, "Tỷ lệ đảng viên dự (không tính người được miễn)", 0, 100
    ),
    "unexcused_count": FactSpec(FactKind.number, "Số đảng viên vắng không lý do"),
    "longest_excused_streak": FactSpec(
        FactKind.number, "Số lần vắng có lý do liên tiếp dài nhất của một đảng viên trong năm"
    ),
    "no_long_excused_streak": FactSpec(
        FactKind.flag, "Không đảng viên nào vắng có lý do quá 3 lần liên tiếp trong năm", None, None
    ),
    "committee_meeting_before": FactSpec(FactKind.flag, "Chi ủy họp trước", None, None),
    "notice_sent": FactSpec(
        FactKind.flag, "Đã thông báo cho đảng viên và cấp ủy viên theo dõi", None, None
    ),
    "documents_on_time": FactSpec(FactKind.flag, "Tài liệu gửi trước ít nhất 1 ngày", None, None),
    "draft_resolution_sent": FactSpec(FactKind.flag, "Có dự thảo nghị quyết", None, None),
    "speaker_share": FactSpec(FactKind.percent, "Tỷ lệ đảng viên dự họp phát biểu", 0, 100),
    "self_criticism_count": FactSpec(FactKind.number, "Số ý kiến tự phê bình"),
    "ideology_minutes": FactSpec(
        FactKind.number, "Thời gian dành cho tư tưởng, tự phê bình và phê bình (phút)"
    ),
    "minutes_complete": FactSpec(FactKind.flag, "Biên bản đầy đủ", None, None),
    "documents_posted": FactSpec(
        FactKind.flag, "Đã đăng tài liệu lên Sổ tay đảng viên điện tử", None, None
    ),
    "previous_tasks_done_share": FactSpec(
        FactKind.percent, "Tỷ lệ nhiệm vụ tháng trước hoàn thành", 0, 100
    ),
    "conclusion_adopted": FactSpec(
        FactKind.flag, "Kết luận, nghị quyết được biểu quyết thông qua", None, None
    ),
    "tasks_assigned": FactSpec(FactKind.flag, "Có phân công nhiệm vụ, thời hạn", None, None),
    "minutes_final_on_time": FactSpec(
        FactKind.flag, "Biên bản, nghị quyết hoàn thành trong 2 ngày", None, None
    ),
    "thematic_part": FactSpec(FactKind.flag, "Có nội dung chuyên đề", None, None),
    "topic_registered": FactSpec(FactKind.flag, "Chuyên đề có trong kế hoạch đăng ký", None, None),
}
