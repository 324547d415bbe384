// The meetings screen: list or month calendar, filters.
export const calendar = {
  views: "Cách xem",
  list: "Danh sách",
  month: "Lịch tháng",
  filters: "Bộ lọc",
  filtersActive: (n: number) => `Bộ lọc (đang lọc ${n})`,
  status: "Trạng thái",
  type: "Loại buổi sinh hoạt",
  unit: "Đơn vị",
  any: "Tất cả",
  clear: "Bỏ lọc",
  previous: "Tháng trước",
  next: "Tháng sau",
  today: "Tháng này",
  monthTitle: (month: number, year: number) => `Tháng ${month} năm ${year}`,
  weekdays: ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"],
  weekdaysShort: ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
  dayLabel: (weekday: string, date: string, count: number) =>
    count ? `${weekday}, ${date}: ${count} buổi sinh hoạt` : `${weekday}, ${date}`,
  dayHeading: (weekday: string, date: string) => `${weekday}, ${date}`,
  todayMark: "hôm nay",
  inMonth: (n: number) =>
    n ? `${n} buổi sinh hoạt trong tháng` : "Không có buổi sinh hoạt trong tháng",
  dayEmpty: "Không có buổi sinh hoạt trong ngày này.",
  listRange: "Các buổi sinh hoạt từ 12 tháng trước trở đi, mới nhất ở trên.",
  grid: "Lịch các buổi sinh hoạt",
};
