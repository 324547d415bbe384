"""Date rules of membership: probation length, admission age, no future dates."""

from collections.abc import Callable
from datetime import date, timedelta

from chibo.core.errors import rule

MIN_ADMISSION_AGE = 18


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks moves to the 1st of the next month
    (29/02/2024 + 12 months = 01/03/2025: the full period has then passed)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        return date(year + (month == 12), month % 12 + 1, 1)


def probation_end(admission: date, months: int) -> date:
    """The first day on which the member may be made official."""
    return add_months(admission, months)


def is_weekday(day: date) -> bool:
    return day.weekday() < 5


def proposal_deadline(
    admission: date,
    months: int,
    working_days: int,
    is_working_day: Callable[[date], bool] = is_weekday,
) -> date:
    """The last day for the cell to consider and propose official status: the
    `working_days`-th working day counted from the first day after the probation (QĐ 294,
    point 4.2: within 30 working days after the 12 months). Saturdays and Sundays never count;
    public holidays only as far as `is_working_day` knows them (the service passes the
    holidays listed in the norms; lunar ones such as Tết only when the province lists them)."""
    day = probation_end(admission, months)
    counted = 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted >= working_days:
                return day
        day += timedelta(days=1)


def check_member_dates(
    *,
    today: date,
    date_of_birth: date | None,
    admission_date: date | None,
    official_date: date | None,
    is_official: bool,
    probation_months: int,
) -> None:
    if date_of_birth is not None and date_of_birth > today:
        raise rule(
            "birth_date_in_future",
            "The date of birth is in the future.",
            "Ngày sinh không được ở tương lai.",
        )
    if admission_date is not None:
        if admission_date > today:
            raise rule(
                "admission_date_in_future",
                "The admission date is in the future.",
                "Ngày vào Đảng không được ở tương lai.",
            )
        if date_of_birth is not None and admission_date < add_months(
            date_of_birth, 12 * MIN_ADMISSION_AGE
        ):
            raise rule(
                "admission_too_young",
                f"A member is admitted at {MIN_ADMISSION_AGE} or older.",
                f"Đảng viên phải đủ {MIN_ADMISSION_AGE} tuổi khi vào Đảng.",
            )
    if official_date is None:
        return
    if not is_official:
        raise rule(
            "official_date_requires_official_status",
            "A probationary member has no official date: the cell proposes, the base committee "
            "decides.",
            "Đảng viên dự bị chưa có ngày chính thức; hãy dùng chức năng công nhận chính thức.",
        )
    if official_date > today:
        raise rule(
            "official_date_in_future",
            "The official date is in the future.",
            "Ngày chính thức không được ở tương lai.",
        )
    if admission_date is not None:
        if official_date < admission_date:
            raise rule(
                "official_before_admission",
                "The official date is before the admission date.",
                "Ngày chính thức không được trước ngày vào Đảng.",
            )
        end = probation_end(admission_date, probation_months)
        if official_date < end:
            raise rule(
                "probation_not_complete",
                f"Probation lasts {probation_months} months: official from {end:%d/%m/%Y} at the "
                "earliest.",
                f"Thời gian dự bị là {probation_months} tháng: sớm nhất được công nhận chính thức "
                f"từ ngày {end:%d/%m/%Y}.",
                details={"earliest_official_date": end.isoformat()},
            )
