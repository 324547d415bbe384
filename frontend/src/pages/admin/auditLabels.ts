// The audit log in words: every action code the backend records (grep `action=` in
// backend/chibo), the kinds of records, and a Vietnamese fallback for codes added later.

import { t } from "../../i18n/vi";

export const ACTIONS: Record<string, string> = {
  "auth.login": "Đăng nhập",
  "auth.logout": "Đăng xuất",
  "auth.login_failed": "Đăng nhập không thành công",
  "auth.locked": "Khóa tài khoản do đăng nhập sai nhiều lần",
  "auth.password_change": "Đổi mật khẩu",
  "auth.refresh_reuse": "Phát hiện dùng lại phiên đăng nhập cũ (đã thu hồi phiên)",
  "user.create": "Tạo tài khoản",
  "user.update": "Sửa tài khoản",
  "user.reset_password": "Đặt lại mật khẩu",
  "user.unlock": "Mở khóa tài khoản",
  "calendar_feed.create": "Tạo liên kết lịch riêng",
  "calendar_feed.revoke": "Thu hồi liên kết lịch riêng",
  "unit.create": "Tạo tổ chức đảng",
  "unit.update": "Sửa tổ chức đảng",
  "unit.move": "Chuyển tổ chức đảng sang đơn vị cấp trên khác",
  "unit.archive": "Lưu trữ tổ chức đảng",
  "unit.restore": "Khôi phục tổ chức đảng",
  "unit.delete": "Xóa tổ chức đảng",
  "committee_position.create": "Bổ nhiệm chức vụ cấp ủy",
  "committee_position.update": "Sửa chức vụ cấp ủy",
  "member.create": "Thêm đảng viên",
  "member.update": "Sửa hồ sơ đảng viên",
  "member.make_official": "Công nhận đảng viên chính thức",
  "member.transfer": "Chuyển sinh hoạt đảng",
  "member.active": "Đưa đảng viên trở lại danh sách",
  "member.transferred_out": "Chuyển đảng viên ra ngoài hệ thống",
  "member.removed": "Xóa tên đảng viên",
  "member.deceased": "Ghi nhận đảng viên từ trần",
  "exemption.create": "Miễn sinh hoạt cho đảng viên",
  "exemption.update": "Sửa miễn sinh hoạt",
  "temporary_transfer.create": "Ghi nhận sinh hoạt tạm thời",
  "temporary_transfer.end": "Kết thúc sinh hoạt tạm thời",
  "meeting_norms.create": "Đặt định mức sinh hoạt",
  "agenda_template.create": "Tạo mẫu chương trình",
  "thematic_topic.create": "Thêm chuyên đề",
  "thematic_topic.update": "Sửa chuyên đề",
  "thematic_topic.held": "Ghi nhận đã sinh hoạt chuyên đề",
  "meeting.create": "Tạo buổi sinh hoạt",
  "meeting.update": "Sửa buổi sinh hoạt",
  "meeting.generate_year": "Lập lịch sinh hoạt cả năm",
  "meeting.announce": "Thông báo buổi sinh hoạt",
  "meeting.start": "Bắt đầu buổi sinh hoạt",
  "meeting.end": "Kết thúc buổi sinh hoạt",
  "meeting.cancel": "Hủy buổi sinh hoạt",
  "meeting.amend": "Đính chính buổi sinh hoạt",
  "meeting.checkin_code_rotate": "Đổi mã điểm danh",
  "meeting.minutes_final": "Hoàn thành biên bản buổi sinh hoạt",
  "meeting.task_review": "Kiểm điểm nhiệm vụ kỳ trước",
  "agenda_item.create": "Thêm mục chương trình",
  "agenda_item.update": "Sửa mục chương trình",
  "agenda_item.delete": "Xóa mục chương trình",
  "agenda.order": "Sắp xếp lại chương trình",
  "guest.create": "Thêm khách mời",
  "guest.update": "Sửa khách mời",
  "guest.delete": "Xóa khách mời",
  "document.upload": "Tải lên tài liệu",
  "document.update": "Sửa tài liệu",
  "document.send": "Gửi tài liệu",
  "document.withdraw": "Thu hồi tài liệu",
  "attendance.build": "Lập danh sách điểm danh",
  "attendance.mark": "Điểm danh",
  "attendance.check_in": "Tự điểm danh bằng mã",
  "speech.request": "Đăng ký phát biểu",
  "speech.order": "Sắp xếp thứ tự phát biểu",
  "speech.start": "Bắt đầu phát biểu",
  "speech.pause": "Tạm dừng phát biểu",
  "speech.resume": "Tiếp tục phát biểu",
  "speech.end": "Kết thúc phát biểu",
  "speech.update": "Sửa nội dung phát biểu",
  "speech.withdraw": "Rút đăng ký phát biểu",
  "vote.create": "Tạo biểu quyết",
  "vote.update": "Sửa biểu quyết",
  "vote.delete": "Xóa biểu quyết",
  "minutes.generate": "Lập dự thảo biên bản",
  "minutes.update": "Sửa biên bản",
  "minutes.finalize": "Hoàn thành biên bản",
  "minutes.amend": "Đính chính biên bản",
  "amendment.create": "Tạo đính chính",
  "resolution.create": "Ban hành nghị quyết",
  "task.create": "Giao nhiệm vụ",
  "task.update": "Sửa nhiệm vụ",
  "task.review": "Đánh giá kết quả nhiệm vụ",
  "rating_sheet.create": "Nạp phiên bản phiếu đánh giá",
  "annual_review_sheet.create": "Nạp phiếu xếp loại hằng năm",
  "rollup_rule.create": "Đặt quy tắc tổng hợp xếp loại",
  "meeting_rating.create": "Bắt đầu tự đánh giá buổi sinh hoạt",
  "meeting_rating.score": "Chấm điểm buổi sinh hoạt",
  "meeting_rating.vote": "Biểu quyết mức xếp loại",
  "meeting_rating.submit": "Gửi kết quả tự đánh giá",
  "meeting_rating.approve": "Duyệt kết quả đánh giá",
  "meeting_rating.adjust": "Điều chỉnh kết quả đánh giá",
  "meeting_rating.reopen": "Mở lại đánh giá",
  "inspection_plan.create": "Lập kế hoạch kiểm tra",
  "inspection_plan.update": "Sửa kế hoạch kiểm tra",
  "inspection.create": "Tạo cuộc kiểm tra",
  "inspection.findings": "Ghi kết quả kiểm tra",
  "inspection.rate": "Chấm điểm khi kiểm tra",
  "inspection.rated": "Hoàn thành chấm điểm kiểm tra",
  "inspection.rating_submit": "Gửi kết quả chấm khi kiểm tra",
  "inspection.conclude": "Ra thông báo kết luận kiểm tra",
  "inspection.close": "Kết thúc cuộc kiểm tra",
  "inspection.reopen": "Mở lại cuộc kiểm tra",
  "follow_up.create": "Giao việc sau kiểm tra",
  "follow_up.update": "Cập nhật việc sau kiểm tra",
  "annual_review.propose": "Đề xuất xếp loại hằng năm",
  "annual_review.decide": "Quyết định xếp loại hằng năm",
};

export const ENTITIES: Record<string, string> = {
  users: "Tài khoản",
  calendar_feeds: "Liên kết lịch",
  units: "Tổ chức đảng",
  committee_positions: "Chức vụ cấp ủy",
  members: "Đảng viên",
  member_events: "Sự kiện đảng viên",
  exemptions: "Miễn sinh hoạt",
  temporary_transfers: "Sinh hoạt tạm thời",
  meeting_norms: "Định mức sinh hoạt",
  agenda_templates: "Mẫu chương trình",
  thematic_topics: "Chuyên đề",
  meetings: "Buổi sinh hoạt",
  meeting_amendments: "Đính chính",
  agenda_items: "Mục chương trình",
  meeting_guests: "Khách mời",
  documents: "Tài liệu",
  attendance: "Điểm danh",
  speeches: "Phát biểu",
  votes: "Biểu quyết",
  minutes: "Biên bản",
  resolutions: "Nghị quyết",
  tasks: "Nhiệm vụ",
  rating_sheets: "Phiếu đánh giá",
  rating_rollup_rules: "Quy tắc tổng hợp",
  meeting_ratings: "Đánh giá buổi sinh hoạt",
  rating_events: "Sự kiện đánh giá",
  inspection_plans: "Kế hoạch kiểm tra",
  inspections: "Cuộc kiểm tra",
  inspection_follow_ups: "Việc sau kiểm tra",
  annual_reviews: "Xếp loại hằng năm",
};

const VERBS: Record<string, string> = {
  create: "Tạo",
  update: "Sửa",
  delete: "Xóa",
  archive: "Lưu trữ",
  restore: "Khôi phục",
  end: "Kết thúc",
  start: "Bắt đầu",
  cancel: "Hủy",
  approve: "Duyệt",
  submit: "Gửi",
  review: "Đánh giá",
};

const GROUPS: Record<string, string> = {
  auth: "đăng nhập",
  user: "tài khoản",
  meeting: "buổi sinh hoạt",
  member: "đảng viên",
  unit: "tổ chức đảng",
  inspection: "kiểm tra",
  meeting_rating: "đánh giá buổi sinh hoạt",
};

/** The action in words; an unknown code still reads as Vietnamese (a verb and a thing). */
export function actionLabel(code: string, entityType?: string): string {
  const known = ACTIONS[code];
  if (known) return known;
  const [group, verb] = code.split(".");
  const thing =
    (entityType && ENTITIES[entityType]?.toLowerCase()) ?? GROUPS[group] ?? "bản ghi";
  const doing = verb ? VERBS[verb] : undefined;
  return doing ? `${doing} ${thing}` : `Thao tác khác trên ${thing}`;
}

export function entityLabel(type: string): string {
  return ENTITIES[type] ?? "Bản ghi";
}

/** The action choices of the filter: by group, in the order above. */
export function actionChoices(): { value: string; label: string }[] {
  return Object.entries(ACTIONS).map(([value, label]) => ({ value, label }));
}

export interface AuditEntryLike {
  actor_username: string | null;
  action: string;
  after: Record<string, unknown> | null;
}

/** Who did it, in words: a person's username, the command line, or the system itself. */
export function actorLabel(entry: { actor_username: string | null }): string {
  if (!entry.actor_username) return t.admin.audit.system;
  if (entry.actor_username === "cli") return t.admin.audit.commandLine;
  return entry.actor_username;
}

/** The few facts worth a line under the row (reason of a failed sign-in, sessions ended). */
export function entryNotes(entry: AuditEntryLike): string[] {
  const a = t.admin.audit;
  const after = entry.after ?? {};
  const notes: string[] = [];
  const reason = after.reason;
  if (typeof reason === "string" && a.reasons[reason]) notes.push(a.reasons[reason]);
  if (typeof after.failed_logins === "number" && entry.action === "auth.login_failed") {
    notes.push(a.failedCount(after.failed_logins));
  }
  if (typeof after.sessions_revoked === "number" && after.sessions_revoked > 0) {
    notes.push(a.sessionsRevoked(after.sessions_revoked));
  }
  return notes;
}

/** How many fields an update changed (before and after differ). */
export function changedCount(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): number {
  if (!before || !after) return 0;
  const skip = new Set(["updated_at", "version", "sessions_revoked"]);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (k) => !skip.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  ).length;
}
