"""The demo organisation: Đảng bộ Sở Nội vụ Hà Tĩnh as the founding report describes it on
20/10/2023 (4 cells, 65 members: 62 official and 3 probationary), under Đảng ủy Khối các cơ quan
và doanh nghiệp tỉnh Hà Tĩnh, with two more base committees so that scoping has data outside
Sở Nội vụ. Names of people are invented; e-mail addresses use the reserved `.example` domain.

The data are deterministic (fixed lists and `random.Random(2023)`), except the admission dates of
the probationary members, which are counted back from the day of loading so that the "probation
due" list always holds exactly one member of Sở Nội vụ (and one outside it) and never more.

`seed_demo` writes ORM rows directly and never commits: the caller does.
"""

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import chibo.models  # noqa: F401 - every table, so that foreign keys resolve
from chibo.auth.models import Role, User
from chibo.core.clock import today as clock_today
from chibo.core.clock import vietnam_moment
from chibo.core.security import hash_password
from chibo.core.text import fold
from chibo.documents.storage import FileStore
from chibo.members.models import (
    CommitteeBody,
    CommitteePosition,
    CommitteePositionKind,
    Exemption,
    Gender,
    Member,
    MemberEvent,
    MemberEventKind,
    MemberState,
    MemberStatus,
    TemporaryTransfer,
)
from chibo.units.models import CellType, Unit, UnitKind

DEMO_PASSWORD = "ChiBo@2023"

SUPERIOR_CODE = "DUK-HT"
BASE_CODE = "DB-SNV"
CELL_NOI_VU = "CB-NV"
CELL_THI_DUA = "CB-TDKT"
CELL_TON_GIAO = "CB-BTG"
CELL_LUU_TRU = "CB-LTLS"
NOI_VU_CELL_CODES = (CELL_NOI_VU, CELL_THI_DUA, CELL_TON_GIAO, CELL_LUU_TRU)
OTHER_BASE_CODES = ("DB-STC", "DB-STP")
# The one cell with fewer than 3 official members (outside Sở Nội vụ): it is flagged.
UNDERSTAFFED_CELL_CODE = "CB-STP-TGPL"

NOI_VU_MEMBER_COUNT = 65
NOI_VU_OFFICIAL_COUNT = 62
NOI_VU_PROBATIONARY_COUNT = 3

TERM_LABEL = "2020-2025"
TERM_START = date(2020, 8, 1)
# The 2025 cell congresses (đại hội chi bộ): the 2020–2025 seats end on the congress day and the
# 2025–2030 seats start the next day, when the congress is on or before the demo's `today`.
NEW_TERM_LABEL = "2025-2030"
CELL_CONGRESSES_2025: dict[str, date] = {
    CELL_NOI_VU: date(2025, 4, 15),
    CELL_THI_DUA: date(2025, 4, 22),
    CELL_TON_GIAO: date(2025, 5, 6),
    CELL_LUU_TRU: date(2025, 5, 13),
    "CB-STC-VP": date(2025, 4, 18),
    "CB-STC-NS": date(2025, 4, 25),
    "CB-STP-VP": date(2025, 5, 9),
    UNDERSTAFFED_CELL_CODE: date(2025, 5, 16),
}
# Who the 2025 congresses did not re-elect, and who took the seat: cell -> (left, elected).
# Everyone else (every secretary among them) was re-elected to the same position.
RE_ELECTION_CHANGES: dict[str, tuple[str, str]] = {
    CELL_NOI_VU: ("Hoàng Văn Quý", "Trần Văn Hòa"),
}
# The base committee's elected bodies (Đảng ủy Sở Nội vụ), as the founding report lists them: a
# committee of 7 (Bí thư, 1 Phó Bí thư, 5 ủy viên) and an inspection committee of 3 chaired by the
# Phó Bí thư (Chủ nhiệm, 1 Phó Chủ nhiệm, 1 ủy viên), all official members of its cells. The
# 2025 congress of the base committee, after its cells', re-elected them all.
BASE_TERM_START = date(2020, 8, 20)
BASE_CONGRESS_2025 = date(2025, 6, 24)
BASE_COMMITTEE: tuple[tuple[str, CommitteePositionKind], ...] = (
    ("Võ Trọng Tuấn", CommitteePositionKind.secretary),
    ("Đặng Quốc Bảo", CommitteePositionKind.deputy_secretary),
    ("Lê Văn Thắng", CommitteePositionKind.committee_member),
    ("Nguyễn Thị Thu Hà", CommitteePositionKind.committee_member),
    ("Trần Xuân Lộc", CommitteePositionKind.committee_member),
    ("Đoàn Minh Châu", CommitteePositionKind.committee_member),
    ("Phạm Thị Hồng Vân", CommitteePositionKind.committee_member),
)
BASE_INSPECTION_COMMITTEE: tuple[tuple[str, CommitteePositionKind], ...] = (
    ("Đặng Quốc Bảo", CommitteePositionKind.chair),
    ("Phan Đình Hải", CommitteePositionKind.deputy_chair),
    ("Dương Văn Lực", CommitteePositionKind.member),
)

# Username -> role of every demo account (all with DEMO_PASSWORD).
DEMO_ACCOUNTS: dict[str, Role] = {
    "admin": Role.admin,
    "khoi": Role.superior_committee,
    "dangbo.noivu": Role.base_committee,
    "bithu.noivu": Role.cell_secretary,
    "bithu.thiduakhenthuong": Role.cell_secretary,
    "bithu.tongiao": Role.cell_secretary,
    "bithu.luutru": Role.cell_secretary,
    "dangvien.noivu": Role.member,
    "bithu.taichinh": Role.cell_secretary,
}
# Username -> code of the unit the account is bound to.
DEMO_ACCOUNT_UNITS: dict[str, str] = {
    "admin": SUPERIOR_CODE,
    "khoi": SUPERIOR_CODE,
    "dangbo.noivu": BASE_CODE,
    "bithu.noivu": CELL_NOI_VU,
    "bithu.thiduakhenthuong": CELL_THI_DUA,
    "bithu.tongiao": CELL_TON_GIAO,
    "bithu.luutru": CELL_LUU_TRU,
    "dangvien.noivu": CELL_NOI_VU,
    "bithu.taichinh": "CB-STC-VP",
}
# Username -> full name of the member record the account is linked to (member_id).
DEMO_ACCOUNT_MEMBERS: dict[str, str] = {
    "bithu.noivu": "Lê Văn Thắng",
    "bithu.thiduakhenthuong": "Trần Xuân Lộc",
    "bithu.tongiao": "Đoàn Minh Châu",
    "bithu.luutru": "Phạm Thị Hồng Vân",
    "dangvien.noivu": "Đinh Thị Hoài Thu",
    "bithu.taichinh": "Trần Đức Thành",
}
_ACCOUNT_FULL_NAMES = {
    "admin": "Quản trị hệ thống",
    "khoi": "Văn phòng Đảng ủy Khối",
    "dangbo.noivu": "Văn phòng Đảng ủy Sở Nội vụ",
}

# Cell code -> the secretary (Bí thư chi bộ).
SECRETARIES: dict[str, str] = {
    CELL_NOI_VU: "Lê Văn Thắng",
    CELL_THI_DUA: "Trần Xuân Lộc",
    CELL_TON_GIAO: "Đoàn Minh Châu",
    CELL_LUU_TRU: "Phạm Thị Hồng Vân",
    "CB-STC-VP": "Trần Đức Thành",
    "CB-STC-NS": "Hoàng Đình Khánh",
    "CB-STP-VP": "Nguyễn Hữu Thọ",
    "CB-STP-TGPL": "Võ Văn Thành",
}
# Miễn công tác và sinh hoạt đảng (Chi bộ Nội vụ, open-ended).
EXEMPT_MEMBER = "Nguyễn Hữu Nghĩa"
EXEMPTION_RESOLUTION_REF = "05-NQ/CB"
EXEMPTION_START = date(2023, 9, 1)
# Sinh hoạt đảng tạm thời: on the rolls of Chi bộ Ban Tôn giáo, attends Chi bộ Nội vụ.
TEMPORARILY_TRANSFERRED_MEMBER = "Võ Văn Dũng"
TEMPORARY_TRANSFER_START = date(2023, 7, 1)
# Probationary members of Sở Nội vụ and how many months before loading they were admitted.
PROBATION_OVERDUE_MEMBER = "Hoàng Văn Phong"  # 13 months: due, one month overdue
PROBATIONARY_MEMBERS: dict[str, int] = {
    "Phan Thị Diệu Linh": 2,
    "Lê Thị Quỳnh Trang": 7,
    PROBATION_OVERDUE_MEMBER: 13,
}
# Outside Sở Nội vụ: one probationary member overdue, one not due yet.
OTHER_PROBATIONARY_MEMBERS: dict[str, int] = {"Đỗ Văn Tú": 3, "Lê Minh Tuấn": 14}
# The admissions register: "toàn Đảng bộ đã kết nạp được 19 đảng viên" in the ten years before
# the report (20/10/2013 - 20/10/2023), all official members of Sở Nội vụ by then. Every other
# official member of Sở Nội vụ was admitted before the ten years. (The probationary members are
# admitted relative to the day of loading, see PROBATIONARY_MEMBERS, and stay outside these 19.)
ADMISSION_WINDOW = (date(2013, 10, 20), date(2023, 10, 20))
ADMISSIONS_IN_WINDOW: dict[str, date] = {
    "Trương Quang Vinh": date(2013, 12, 18),
    "Lê Thị Thanh Tâm": date(2014, 5, 19),
    "Nguyễn Thị Bích Ngọc": date(2014, 11, 7),
    "Bùi Xuân Trường": date(2015, 3, 26),
    "Hồ Thị Minh": date(2015, 9, 2),
    "Trần Quốc Việt": date(2016, 1, 8),
    "Nguyễn Thị Huyền": date(2016, 6, 15),
    "Nguyễn Quang Hưng": date(2016, 12, 22),
    "Thái Thị Hằng": date(2017, 5, 19),
    "Trần Hữu Phước": date(2017, 10, 12),
    "Bùi Thị Hoa": date(2018, 3, 8),
    "Nguyễn Xuân Hiếu": date(2018, 8, 19),
    "Đinh Thị Hoài Thu": date(2019, 2, 3),
    "Phan Văn Nam": date(2019, 9, 2),
    "Hồ Văn Tài": date(2020, 12, 22),
    "Lê Thị Thảo": date(2021, 3, 26),
    "Phan Thị Nga": date(2021, 11, 18),
    "Nguyễn Thị Loan": date(2022, 2, 3),
    "Lê Công Định": date(2022, 5, 19),
}
# The years of those admissions (2013: from 20 October).
ADMISSIONS_PER_YEAR: dict[int, int] = {
    2013: 1, 2014: 2, 2015: 2, 2016: 3, 2017: 2, 2018: 2, 2019: 2, 2020: 1, 2021: 2, 2022: 2,
    2023: 0,
}  # fmt: skip

# Names for search tests, in different cells: "nguyen van an" matches the first exactly and the
# second as a prefix; "Trần Thị Ân" folds to "tran thi an" (â and a sort apart, fold alike).
SEARCH_NAMES = {
    "Nguyễn Văn An": CELL_NOI_VU,
    "Nguyễn Văn Anh": CELL_THI_DUA,
    "Trần Thị Ân": CELL_TON_GIAO,
}


def demo_now(today: date) -> datetime:
    """The moment the demo is loaded at: the start of `today` in Vietnam. The same day always
    gives the same data, whatever the hour, and nothing is written after the real now."""
    return vietnam_moment(today, time(0, 0))


@dataclass(frozen=True)
class _UnitSpec:
    code: str
    name: str
    kind: UnitKind
    parent: str | None
    cell_type: CellType | None = None
    email_domain: str = "hatinh.example"


@dataclass(frozen=True)
class _MemberSpec:
    name: str
    gender: Gender
    job_title: str
    position: CommitteePositionKind | None = None


M, F = Gender.male, Gender.female
SEC = CommitteePositionKind.secretary
DEP = CommitteePositionKind.deputy_secretary
COM = CommitteePositionKind.committee_member

_UNITS: tuple[_UnitSpec, ...] = (
    _UnitSpec(SUPERIOR_CODE, "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh Hà Tĩnh",
              UnitKind.superior_committee, None),
    _UnitSpec(BASE_CODE, "Đảng bộ Sở Nội vụ", UnitKind.base_committee, SUPERIOR_CODE),
    _UnitSpec(CELL_NOI_VU, "Chi bộ Nội vụ", UnitKind.cell, BASE_CODE,
              CellType.administrative_agency, "snv.hatinh.example"),
    _UnitSpec(CELL_THI_DUA, "Chi bộ Thi đua – Khen thưởng", UnitKind.cell, BASE_CODE,
              CellType.administrative_agency, "tdkt.hatinh.example"),
    _UnitSpec(CELL_TON_GIAO, "Chi bộ Ban Tôn giáo", UnitKind.cell, BASE_CODE,
              CellType.administrative_agency, "btg.hatinh.example"),
    _UnitSpec(CELL_LUU_TRU, "Chi bộ Trung tâm Lưu trữ lịch sử", UnitKind.cell, BASE_CODE,
              CellType.public_service_unit, "ltls.hatinh.example"),
    _UnitSpec("DB-STC", "Đảng bộ Sở Tài chính", UnitKind.base_committee, SUPERIOR_CODE),
    _UnitSpec("CB-STC-VP", "Chi bộ Văn phòng Sở Tài chính", UnitKind.cell, "DB-STC",
              CellType.administrative_agency, "stc.hatinh.example"),
    _UnitSpec("CB-STC-NS", "Chi bộ Phòng Quản lý ngân sách", UnitKind.cell, "DB-STC",
              CellType.administrative_agency, "stc.hatinh.example"),
    _UnitSpec("DB-STP", "Đảng bộ Sở Tư pháp", UnitKind.base_committee, SUPERIOR_CODE),
    _UnitSpec("CB-STP-VP", "Chi bộ Văn phòng Sở Tư pháp", UnitKind.cell, "DB-STP",
              CellType.administrative_agency, "stp.hatinh.example"),
    _UnitSpec(UNDERSTAFFED_CELL_CODE, "Chi bộ Trung tâm Trợ giúp pháp lý nhà nước",
              UnitKind.cell, "DB-STP", CellType.public_service_unit, "stp.hatinh.example"),
)  # fmt: skip

_MEMBERS: dict[str, tuple[_MemberSpec, ...]] = {
    CELL_NOI_VU: (  # 26: Lãnh đạo Sở, Văn phòng, Thanh tra and the three departments
        _MemberSpec("Lê Văn Thắng", M, "Phó Giám đốc Sở", SEC),
        _MemberSpec("Nguyễn Thị Thu Hà", F, "Chánh Văn phòng Sở", DEP),
        _MemberSpec("Phan Đình Hải", M, "Chánh Thanh tra Sở", COM),
        _MemberSpec("Trần Thị Minh Nguyệt", F, "Trưởng phòng Công chức, viên chức", COM),
        _MemberSpec(
            "Hoàng Văn Quý", M, "Trưởng phòng Xây dựng chính quyền – Tổ chức biên chế", COM
        ),
        _MemberSpec("Võ Trọng Tuấn", M, "Giám đốc Sở"),
        _MemberSpec("Đặng Quốc Bảo", M, "Phó Giám đốc Sở"),
        _MemberSpec("Nguyễn Văn An", M, "Chuyên viên chính"),
        _MemberSpec("Trần Văn Hòa", M, "Trưởng phòng Cải cách hành chính – Văn thư lưu trữ"),
        _MemberSpec("Lê Thị Hương", F, "Phó Chánh Văn phòng Sở"),
        _MemberSpec("Dương Văn Lực", M, "Phó Chánh Thanh tra Sở"),
        _MemberSpec("Nguyễn Thị Phương Thảo", F, "Phó Trưởng phòng Công chức, viên chức"),
        _MemberSpec("Hồ Sỹ Cường", M, "Phó Trưởng phòng Xây dựng chính quyền – Tổ chức biên chế"),
        _MemberSpec(
            "Phạm Thị Kim Oanh", F, "Phó Trưởng phòng Cải cách hành chính – Văn thư lưu trữ"
        ),
        _MemberSpec("Đinh Thị Hoài Thu", F, "Chuyên viên"),
        _MemberSpec("Trương Quang Vinh", M, "Thanh tra viên"),
        _MemberSpec("Nguyễn Đức Mạnh", M, "Chuyên viên chính"),
        _MemberSpec("Lê Thị Thanh Tâm", F, "Chuyên viên"),
        _MemberSpec("Bùi Xuân Trường", M, "Chuyên viên"),
        _MemberSpec("Võ Thị Ngọc Ánh", F, "Kế toán"),
        _MemberSpec("Trần Quốc Việt", M, "Chuyên viên"),
        _MemberSpec("Nguyễn Thị Lý", F, "Văn thư"),
        _MemberSpec("Phan Thị Diệu Linh", F, "Chuyên viên"),
        _MemberSpec("Nguyễn Hữu Nghĩa", M, "Chuyên viên chính"),
        _MemberSpec("Lê Đình Khoa", M, "Nhân viên lái xe"),
        _MemberSpec("Thái Thị Hằng", F, "Chuyên viên"),
    ),
    CELL_THI_DUA: (  # 13: Ban Thi đua – Khen thưởng
        _MemberSpec("Trần Xuân Lộc", M, "Trưởng ban Thi đua – Khen thưởng", SEC),
        _MemberSpec("Phạm Thị Thu Hiền", F, "Phó Trưởng ban", DEP),
        _MemberSpec("Hoàng Minh Đức", M, "Trưởng phòng Nghiệp vụ thi đua", COM),
        _MemberSpec("Nguyễn Văn Anh", M, "Chuyên viên chính"),
        _MemberSpec("Lê Thị Mai", F, "Phó Trưởng ban"),
        _MemberSpec("Đào Văn Thịnh", M, "Trưởng phòng Nghiệp vụ khen thưởng"),
        _MemberSpec("Nguyễn Thị Bích Ngọc", F, "Chuyên viên"),
        _MemberSpec("Trần Hữu Phước", M, "Chuyên viên"),
        _MemberSpec("Võ Thị Hạnh", F, "Chánh Văn phòng Ban"),
        _MemberSpec("Hồ Văn Tài", M, "Chuyên viên"),
        _MemberSpec("Lê Thị Quỳnh Trang", F, "Chuyên viên"),
        _MemberSpec("Nguyễn Cảnh Toàn", M, "Kế toán"),
        _MemberSpec("Phan Thị Nga", F, "Chuyên viên"),
    ),
    CELL_TON_GIAO: (  # 12: Ban Tôn giáo
        _MemberSpec("Đoàn Minh Châu", M, "Trưởng Ban Tôn giáo", SEC),
        _MemberSpec("Nguyễn Thị Hải Yến", F, "Phó Trưởng ban", DEP),
        _MemberSpec("Trần Văn Kiên", M, "Trưởng phòng Quản lý tôn giáo", COM),
        _MemberSpec("Lê Văn Bình", M, "Phó Trưởng ban"),
        _MemberSpec("Ngô Thị Thanh Hoa", F, "Chánh Văn phòng Ban"),
        _MemberSpec("Phạm Văn Long", M, "Chuyên viên chính"),
        _MemberSpec("Nguyễn Thị Huyền", F, "Chuyên viên"),
        _MemberSpec("Võ Văn Dũng", M, "Chuyên viên"),
        _MemberSpec("Trần Thị Ân", F, "Chuyên viên"),
        _MemberSpec("Hoàng Thị Lệ", F, "Kế toán"),
        _MemberSpec("Nguyễn Xuân Hiếu", M, "Chuyên viên"),
        _MemberSpec("Lê Công Định", M, "Chuyên viên"),
    ),
    CELL_LUU_TRU: (  # 14: Trung tâm Lưu trữ lịch sử
        _MemberSpec("Phạm Thị Hồng Vân", F, "Giám đốc Trung tâm Lưu trữ lịch sử", SEC),
        _MemberSpec("Nguyễn Văn Tiến", M, "Phó Giám đốc Trung tâm", DEP),
        _MemberSpec("Trần Thị Thanh Bình", F, "Trưởng phòng Nghiệp vụ lưu trữ", COM),
        _MemberSpec("Lê Văn Hậu", M, "Trưởng phòng Hành chính – Tổng hợp"),
        _MemberSpec("Đặng Thị Thu", F, "Lưu trữ viên chính"),
        _MemberSpec("Hồ Thị Minh", F, "Lưu trữ viên"),
        _MemberSpec("Nguyễn Quang Hưng", M, "Lưu trữ viên"),
        _MemberSpec("Bùi Thị Hoa", F, "Lưu trữ viên"),
        _MemberSpec("Phan Văn Nam", M, "Viên chức"),
        _MemberSpec("Trần Thị Hà", F, "Kế toán"),
        _MemberSpec("Võ Đình Quang", M, "Lưu trữ viên"),
        _MemberSpec("Lê Thị Thảo", F, "Lưu trữ viên"),
        _MemberSpec("Nguyễn Thị Loan", F, "Lưu trữ viên"),
        _MemberSpec("Hoàng Văn Phong", M, "Lưu trữ viên"),
    ),
    "CB-STC-VP": (
        _MemberSpec("Trần Đức Thành", M, "Chánh Văn phòng Sở", SEC),
        _MemberSpec("Nguyễn Thị Vân Anh", F, "Phó Chánh Văn phòng Sở"),
        _MemberSpec("Lê Văn Hoàng", M, "Chuyên viên"),
        _MemberSpec("Phạm Thị Yến", F, "Kế toán"),
        _MemberSpec("Đỗ Văn Tú", M, "Chuyên viên"),
    ),
    "CB-STC-NS": (
        _MemberSpec("Hoàng Đình Khánh", M, "Trưởng phòng Quản lý ngân sách", SEC),
        _MemberSpec("Nguyễn Thị Hồng", F, "Phó Trưởng phòng Quản lý ngân sách"),
        _MemberSpec("Trần Văn Hiệp", M, "Chuyên viên chính"),
        _MemberSpec("Lê Thị Ngân", F, "Chuyên viên"),
    ),
    "CB-STP-VP": (
        _MemberSpec("Nguyễn Hữu Thọ", M, "Chánh Văn phòng Sở", SEC),
        _MemberSpec("Trần Thị Lan", F, "Phó Chánh Văn phòng Sở"),
        _MemberSpec("Phan Văn Đức", M, "Chuyên viên"),
        _MemberSpec("Lê Thị Kiều", F, "Chuyên viên"),
    ),
    UNDERSTAFFED_CELL_CODE: (
        _MemberSpec("Võ Văn Thành", M, "Giám đốc Trung tâm", SEC),
        _MemberSpec("Nguyễn Thị Thủy", F, "Trợ giúp viên pháp lý"),
        _MemberSpec("Lê Minh Tuấn", M, "Trợ giúp viên pháp lý"),
    ),
}

_SENIOR_TITLE_WORDS = ("Giám đốc", "Trưởng", "Chánh")
_LATEST_OFFICIAL_ADMISSION = date(2022, 6, 30)  # official by mid-2023, before 20/10/2023


class DemoDataRefused(RuntimeError):
    """Demo data must never reach a production database."""


class DemoDataConflict(RuntimeError):
    """The database holds units or accounts whose codes or usernames the demo data needs."""


def refuse_in_production(settings: Any) -> None:
    """Raise DemoDataRefused when the settings are those of production."""
    if getattr(settings, "environment", None) == "production":
        raise DemoDataRefused(
            "Refusing to load demo data: CHIBO_ENVIRONMENT is 'production'. "
            "Demo accounts share a published password."
        )


def _register_admission(name: str, born: date, admitted: date, index: int) -> tuple[date, date]:
    """A Sở Nội vụ official's birth and admission dates, kept to the admissions register: the
    19 of ADMISSIONS_IN_WINDOW on their fixed days, everyone else before the ten years; a birth
    date moves back when the member would otherwise have been admitted younger than 20."""
    if name in ADMISSIONS_IN_WINDOW:
        admitted = ADMISSIONS_IN_WINDOW[name]
    elif admitted >= ADMISSION_WINDOW[0]:
        admitted = ADMISSION_WINDOW[0] - timedelta(days=30 + (index * 53) % 1500)
    if born > _add_years(admitted, -20):
        born = _add_years(admitted, -(21 + index % 5))
    return born, admitted


def _add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); a day the month lacks becomes the 1st of the
    next month, as the probation rule counts it."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    try:
        return day.replace(year=year, month=month + 1)
    except ValueError:
        return date(year + (month == 11), (month + 1) % 12 + 1, 1)


def _add_years(day: date, years: int) -> date:
    return _add_months(day, 12 * years)


def _at_nine_hanoi(day: date) -> datetime:
    """When an event was recorded: 09:00 in Vietnam (02:00 UTC) of the day it happened."""
    return datetime.combine(day, time(2, 0), tzinfo=UTC)


def _random_date(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _email_local(full_name: str) -> str:
    """'Nguyễn Thị Thu Hà' -> 'hantt': given name, then the initials of the other words."""
    words = fold(full_name).split(" ")
    return words[-1] + "".join(word[0] for word in words[:-1])


def _check_specs() -> None:
    names = [spec.name for specs in _MEMBERS.values() for spec in specs]
    if len(set(names)) != len(names):
        raise AssertionError("demo member names must be unique")
    counts = [len(_MEMBERS[code]) for code in NOI_VU_CELL_CODES]
    if sum(counts) != NOI_VU_MEMBER_COUNT:
        raise AssertionError("Sở Nội vụ must have 65 demo members")
    named = [
        *SECRETARIES.values(),
        *DEMO_ACCOUNT_MEMBERS.values(),
        *PROBATIONARY_MEMBERS,
        *OTHER_PROBATIONARY_MEMBERS,
        EXEMPT_MEMBER,
        TEMPORARILY_TRANSFERRED_MEMBER,
        *SEARCH_NAMES,
        *ADMISSIONS_IN_WINDOW,
        *(name for name, _ in (*BASE_COMMITTEE, *BASE_INSPECTION_COMMITTEE)),
    ]
    if sum(ADMISSIONS_PER_YEAR.values()) != len(ADMISSIONS_IN_WINDOW) or any(
        sum(d.year == year for d in ADMISSIONS_IN_WINDOW.values()) != count
        for year, count in ADMISSIONS_PER_YEAR.items()
    ):
        raise AssertionError("the admissions register must match its years")
    missing = set(named) - set(names)
    if missing:
        raise AssertionError(f"named demo members missing from the lists: {sorted(missing)}")


async def _conflicts(session: AsyncSession) -> list[str]:
    codes = [spec.code for spec in _UNITS]
    taken_codes = (await session.scalars(select(Unit.code).where(Unit.code.in_(codes)))).all()
    taken_users = (
        await session.scalars(select(User.username).where(User.username.in_(DEMO_ACCOUNTS)))
    ).all()
    return [f"unit code {c}" for c in taken_codes] + [f"username {u}" for u in taken_users]


async def is_demo_loaded(session: AsyncSession) -> bool:
    found = await session.scalar(
        select(func.count()).select_from(Unit).where(Unit.code == SUPERIOR_CODE)
    )
    return bool(found)


async def seed_demo(
    session: AsyncSession, *, today: date | None = None, store: FileStore | None = None
) -> bool:
    """Load the demo organisation, a year of its meetings with their documents
    (chibo.demo.meetings, chibo.demo.documents) and their ratings (chibo.demo.ratings); False,
    changing nothing, when all are already there. An organisation loaded before the meetings or
    ratings existed gets them (True).

    `today` (default: today in Vietnam) anchors the admission dates of the probationary members
    and the year of meetings. The documents' files go to `store` (default: the file store of
    the settings, CHIBO_FILE_STORE_PATH).
    Raises DemoDataConflict when other data already use the demo's unit codes or usernames.
    Does not commit.
    """
    from chibo.demo.meetings import seed_demo_meetings  # it imports this module's constants
    from chibo.demo.ratings import seed_demo_ratings

    if await is_demo_loaded(session):
        meetings = await seed_demo_meetings(session, today=today, store=store)
        return await seed_demo_ratings(session, today=today) or meetings
    conflicts = await _conflicts(session)
    if conflicts:
        raise DemoDataConflict(
            "Cannot load demo data, these are already taken: " + ", ".join(conflicts)
        )
    _check_specs()
    today = today or clock_today()
    rng = random.Random(2023)

    units = await _add_units(session)
    members = await _add_members(session, units, rng, today)
    _add_committees(session, units, members, today)
    _add_base_committee(session, units, members, today)
    _add_exemption_and_transfer(session, units, members, today)
    _add_accounts(session, units, members)
    await session.flush()
    await seed_demo_meetings(session, today=today, store=store)
    await seed_demo_ratings(session, today=today)  # after the documents: ratings read them
    return True


async def _add_units(session: AsyncSession) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for spec in _UNITS:
        parent = units[spec.parent] if spec.parent else None
        unit = Unit(
            parent_id=parent.id if parent else None,
            kind=spec.kind,
            name=spec.name,
            code=spec.code,
            cell_type=spec.cell_type,
            path=f"/tmp-{uuid.uuid4().hex}/",
            depth=parent.depth + 1 if parent else 0,
            active=True,
        )
        session.add(unit)
        await session.flush()
        unit.path = f"{parent.path if parent else '/'}{unit.id}/"
        units[spec.code] = unit
    await session.flush()
    return units


def _email_domain(code: str) -> str:
    return next(spec.email_domain for spec in _UNITS if spec.code == code)


async def _add_members(
    session: AsyncSession, units: dict[str, Unit], rng: random.Random, today: date
) -> dict[str, Member]:
    total = sum(len(specs) for specs in _MEMBERS.values())
    card_numbers = rng.sample(range(10_000, 100_000), total)
    external_ids = rng.sample(range(1_000_000, 10_000_000), total)
    phones = rng.sample(range(10_000_000, 100_000_000), total)
    probation = {**PROBATIONARY_MEMBERS, **OTHER_PROBATIONARY_MEMBERS}
    members: dict[str, Member] = {}
    emails: set[str] = set()
    events: list[tuple[Member, MemberEventKind, date, str]] = []
    index = 0
    for code, specs in _MEMBERS.items():
        unit = units[code]
        for spec in specs:
            senior = any(word in spec.job_title for word in _SENIOR_TITLE_WORDS)
            if spec.name in probation:
                born = _random_date(rng, date(1995, 1, 1), date(2000, 12, 28))
                admitted = _add_months(today, -probation[spec.name])
                official: date | None = None
            else:
                if spec.name == EXEMPT_MEMBER:
                    born = date(1966, 3, 14)
                elif senior:
                    born = _random_date(rng, date(1966, 1, 1), date(1983, 12, 28))
                else:
                    born = _random_date(rng, date(1970, 1, 1), date(1998, 12, 28))
                admitted = _add_years(born, rng.randint(22, 32)) + timedelta(
                    days=rng.randint(0, 200)
                )
                if admitted > _LATEST_OFFICIAL_ADMISSION:
                    admitted = _LATEST_OFFICIAL_ADMISSION - timedelta(days=rng.randint(0, 300))
                if code in NOI_VU_CELL_CODES:
                    born, admitted = _register_admission(spec.name, born, admitted, index)
                official = _add_years(admitted, 1) + timedelta(days=rng.randint(0, 45))
            local = _email_local(spec.name)
            domain = _email_domain(code)
            email, suffix = f"{local}@{domain}", 1
            while email in emails:
                suffix += 1
                email = f"{local}{suffix}@{domain}"
            emails.add(email)
            century_gender = (0 if born.year < 2000 else 2) + (1 if spec.gender is F else 0)
            member = Member(
                unit_id=unit.id,
                gender=spec.gender,
                date_of_birth=born,
                party_card_number=f"38.0{card_numbers[index]:05d}",
                external_id=f"DV42{external_ids[index]:07d}",
                citizen_id=f"042{century_gender}{born.year % 100:02d}{rng.randint(0, 999_999):06d}",
                phone=f"09{phones[index]:08d}",
                email=email,
                job_title=spec.job_title,
                admission_date=admitted,
                official_date=official,
                status=MemberStatus.official if official else MemberStatus.probationary,
                state=MemberState.active,
            )
            member.set_name(spec.name)
            session.add(member)
            members[spec.name] = member
            events.append((member, MemberEventKind.admitted, admitted, code))
            if official:
                events.append((member, MemberEventKind.made_official, official, code))
            index += 1
    await session.flush()
    for member, kind, occurred_on, code in events:
        decision = rng.randint(100, 999)
        session.add(
            MemberEvent(
                member_id=member.id,
                kind=kind,
                occurred_on=occurred_on,
                unit_id=units[code].id,
                reference=f"{decision}-QĐ/ĐUK",
                note="Kết nạp vào Đảng"
                if kind is MemberEventKind.admitted
                else "Công nhận đảng viên chính thức",
                recorded_at=_at_nine_hanoi(occurred_on),
            )
        )
    return members


def _add_committees(
    session: AsyncSession, units: dict[str, Unit], members: dict[str, Member], today: date
) -> None:
    """The cell committees of 2020–2025 and, after a cell's 2025 congress, of 2025–2030."""
    for code, specs in _MEMBERS.items():
        congress = CELL_CONGRESSES_2025[code]
        held = congress <= today
        left, elected = RE_ELECTION_CHANGES.get(code, ("", ""))
        new_seats: list[tuple[str, CommitteePositionKind]] = []
        for spec in specs:
            if spec.position is None:
                continue
            session.add(
                CommitteePosition(
                    unit_id=units[code].id,
                    member_id=members[spec.name].id,
                    position=spec.position,
                    term_label=TERM_LABEL,
                    term_start=TERM_START,
                    term_end=congress if held else None,
                )
            )
            new_seats.append((elected if spec.name == left else spec.name, spec.position))
        if not held:
            continue
        for name, position in new_seats:
            session.add(
                CommitteePosition(
                    unit_id=units[code].id,
                    member_id=members[name].id,
                    position=position,
                    term_label=NEW_TERM_LABEL,
                    term_start=congress + timedelta(days=1),
                    term_end=None,
                )
            )


def _add_base_committee(
    session: AsyncSession, units: dict[str, Unit], members: dict[str, Member], today: date
) -> None:
    """Đảng ủy Sở Nội vụ's committee and inspection committee, 2020–2025 and, after its 2025
    congress, 2025–2030."""
    held = today >= BASE_CONGRESS_2025
    terms = [(TERM_LABEL, BASE_TERM_START, BASE_CONGRESS_2025 if held else None)]
    if held:
        terms.append((NEW_TERM_LABEL, BASE_CONGRESS_2025 + timedelta(days=1), None))
    bodies = (
        (CommitteeBody.committee, BASE_COMMITTEE),
        (CommitteeBody.inspection_committee, BASE_INSPECTION_COMMITTEE),
    )
    for label, start, end in terms:
        for body, seats in bodies:
            for name, position in seats:
                session.add(
                    CommitteePosition(
                        unit_id=units[BASE_CODE].id,
                        member_id=members[name].id,
                        body=body,
                        position=position,
                        term_label=label,
                        term_start=start,
                        term_end=end,
                    )
                )


def before_demo_year(fixed: date, today: date) -> date:
    """`fixed` (a date of the founding report's time), or, when the demo's year of meetings
    starts before it (a demo loaded early in 2024), the first day of that year: the exempt and
    the temporarily transferred members are so through every meeting of the demo."""
    months_back = today.year * 12 + today.month - 1 - 12  # the first held month, 0-based
    first_held = date(months_back // 12, months_back % 12 + 1, 1)
    return min(fixed, first_held)


def _add_exemption_and_transfer(
    session: AsyncSession, units: dict[str, Unit], members: dict[str, Member], today: date
) -> None:
    exempt_from = before_demo_year(EXEMPTION_START, today)
    moved_from = before_demo_year(TEMPORARY_TRANSFER_START, today)
    exempt = members[EXEMPT_MEMBER]
    reason = "Ốm đau dài ngày, đang điều trị bệnh theo chỉ định của cơ sở y tế"
    session.add(
        Exemption(
            member_id=exempt.id,
            start_date=exempt_from,
            end_date=None,
            reason=reason,
            resolution_ref=EXEMPTION_RESOLUTION_REF,
        )
    )
    session.add(
        MemberEvent(
            member_id=exempt.id,
            kind=MemberEventKind.exempted,
            occurred_on=exempt_from,
            unit_id=exempt.unit_id,
            reference=EXEMPTION_RESOLUTION_REF,
            note=reason,
            recorded_at=_at_nine_hanoi(exempt_from),
        )
    )
    moved = members[TEMPORARILY_TRANSFERRED_MEMBER]
    host = units[CELL_NOI_VU]
    note = "Biệt phái về Văn phòng Sở; sinh hoạt đảng tạm thời tại Chi bộ Nội vụ"
    session.add(
        TemporaryTransfer(
            member_id=moved.id,
            home_unit_id=moved.unit_id,
            host_unit_id=host.id,
            start_date=moved_from,
            end_date=None,
            note=note,
        )
    )
    session.add(
        MemberEvent(
            member_id=moved.id,
            kind=MemberEventKind.temporarily_transferred,
            occurred_on=moved_from,
            unit_id=moved.unit_id,
            other_unit_id=host.id,
            reference="12-GGT/ĐU",
            note=note,
            recorded_at=_at_nine_hanoi(moved_from),
        )
    )


def _add_accounts(
    session: AsyncSession, units: dict[str, Unit], members: dict[str, Member]
) -> None:
    password_hash = hash_password(DEMO_PASSWORD)  # once: Argon2 is slow on purpose
    for username, role in DEMO_ACCOUNTS.items():
        member_name = DEMO_ACCOUNT_MEMBERS.get(username)
        member = members[member_name] if member_name else None
        session.add(
            User(
                username=username,
                full_name=member.full_name if member else _ACCOUNT_FULL_NAMES[username],
                email=member.email if member else f"{username}@chibo.example",
                password_hash=password_hash,
                role=role,
                unit_id=units[DEMO_ACCOUNT_UNITS[username]].id,
                member_id=member.id if member else None,
                active=True,
                failed_logins=0,
            )
        )


def demo_member_names(cell_codes: Sequence[str] = NOI_VU_CELL_CODES) -> list[str]:
    """Full names of the demo members of the given cells, in loading order."""
    return [spec.name for code in cell_codes for spec in _MEMBERS[code]]
