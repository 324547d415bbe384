// Every text the user sees, in one place (this file and the area files in ./vi/), so that
// another language can be added beside it.
import { account } from "./vi/account";
import { admin } from "./vi/admin";
import { calendar } from "./vi/calendar";
import { charts } from "./vi/charts";
import { home } from "./vi/home";
import { inspections } from "./vi/inspections";
import { members } from "./vi/members";
import { ratings } from "./vi/ratings";
import { units } from "./vi/units";
import { live, workspace } from "./vi/workspace";

export const vi = {
  appName: "ChiBo",
  appTitle: "Quản lý sinh hoạt chi bộ",
  loading: "Đang tải…",
  retry: "Thử lại",
  save: "Lưu",
  cancel: "Hủy",
  search: "Tìm kiếm",
  none: "Không có",
  nav: {
    home: "Trang chủ",
    meetings: "Sinh hoạt",
    members: "Đảng viên",
    units: "Tổ chức",
    cell: "Chi bộ",
    ratings: "Đánh giá",
    personal: "Cá nhân",
    admin: "Quản trị",
    account: "Tài khoản",
    accountOf: (name: string) => `Tài khoản: ${name}`,
  },
  login: {
    title: "Đăng nhập",
    username: "Tên đăng nhập",
    password: "Mật khẩu",
    submit: "Đăng nhập",
    usernameRequired: "Vui lòng nhập tên đăng nhập",
    passwordRequired: "Vui lòng nhập mật khẩu",
    failed: "Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đang bị khóa.",
    tooManyAttempts: (wait: string) =>
      `Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ${wait}.`,
    seconds: (n: number) => `${n} giây`,
    minutes: (n: number) => `${n} phút`,
  },
  roles: {
    admin: "Quản trị hệ thống",
    superior_committee: "Đảng ủy cấp trên",
    base_committee: "Đảng ủy cơ sở",
    cell_secretary: "Bí thư chi bộ",
    member: "Đảng viên",
  } as Record<string, string>,
  meetings: {
    title: "Các buổi sinh hoạt",
    empty: "Chưa có buổi sinh hoạt.",
    at: "Thời gian",
    location: "Địa điểm",
    status: {
      draft: "Dự kiến",
      announced: "Đã thông báo",
      in_progress: "Đang họp",
      held: "Đã họp",
      minutes_final: "Đã hoàn thành biên bản",
      cancelled: "Đã hủy",
    } as Record<string, string>,
    type: {
      regular: "Thường kỳ",
      thematic: "Chuyên đề",
      committee: "Họp chi ủy",
      extraordinary: "Bất thường",
      party_committee: "Giao ban Đảng ủy",
    } as Record<string, string>,
    agenda: "Chương trình",
  },
  account,
  admin,
  calendar,
  charts,
  home,
  inspections,
  members,
  ratings,
  units,
  workspace,
  live,
  /** Dates typed as dd/mm/yyyy and 24-hour times (src/components/DateInput, TimeInput). */
  dates: {
    datePlaceholder: "dd/mm/yyyy",
    timePlaceholder: "hh:mm",
    dateHint: "Ngày/tháng/năm, ví dụ 05/01/2027",
    timeHint: "Giờ:phút theo 24 giờ, ví dụ 14:00",
    invalidDate: "Ngày chưa đúng: nhập ngày/tháng/năm, ví dụ 05/01/2027.",
    invalidTime: "Giờ chưa đúng: nhập giờ:phút theo 24 giờ (00:00 đến 23:59), ví dụ 14:00.",
    today: "Hôm nay",
    todayFor: (label: string) => `Điền ngày hôm nay vào ô ${label}`,
  },
  errors: {
    generic: "Đã có lỗi xảy ra. Vui lòng thử lại.",
    network: "Không kết nối được máy chủ. Kiểm tra mạng và thử lại.",
    notFound: "Không tìm thấy.",
  },
};

export type Messages = typeof vi;
export const t = vi;
