// Ratings: the cell's self-rating of a meeting (Quy định 17-QĐ/TU), the committee's approval.
const points = (n: number) => `${formatPoints(n)} điểm`;

/** Points as written in Vietnamese, exactly (up to the thousandths a sheet may hold): never
 * rounded up across a level threshold (89,996 is not shown as 90). */
export function formatPoints(n: number): string {
  return Number.isInteger(n)
    ? String(n)
    : n
        .toFixed(3)
        .replace(/0+$/, "")
        .replace(".", ",");
}

export const ratings = {
  title: "Đánh giá chất lượng sinh hoạt",
  points,
  formatPoints,
  of: (got: number, max: number) => `${formatPoints(got)}/${formatPoints(max)} điểm`,
  level: {
    good: "Tốt",
    fair: "Khá",
    average: "Trung bình",
    poor: "Kém",
  } as Record<string, string>,
  status: {
    draft: "Đang chấm",
    submitted: "Đã trình, chờ cấp ủy",
    final: "Đã phê duyệt",
  } as Record<string, string>,
  kind: { self: "Chi bộ tự đánh giá", inspection: "Cấp ủy kiểm tra" } as Record<string, string>,
  loading: "Đang tải phiếu đánh giá…",
  // The meeting workspace's section.
  section: {
    none: "Chi bộ chưa tự đánh giá buổi sinh hoạt này.",
    start: "Bắt đầu tự đánh giá",
    started: "Đã tạo phiếu tự đánh giá.",
    intro:
      "Các mục có dữ liệu được tính tự động từ hồ sơ cuộc họp; các mục còn lại do chi bộ chấm. " +
      "Tổng điểm và mức xếp loại cập nhật ngay khi chấm.",
    save: "Lưu phiếu chấm",
    saved: "Đã lưu phiếu chấm.",
    unsaved: "Có thay đổi chưa lưu: hãy lưu phiếu chấm trước khi biểu quyết.",
    proposed: "Mức xếp loại chi bộ đề xuất",
    proposedHint: "Không cao hơn mức mà số điểm và các điều kiện cho phép.",
    voteTitle: "Chi bộ biểu quyết mức xếp loại đề xuất",
    voteBase: (eligible: number, present: number, needed: number) =>
      `Có quyền biểu quyết: ${eligible}, có mặt: ${present}; ` +
      `cần ít nhất ${needed} phiếu tán thành.`,
    voteFor: "Tán thành",
    voteAgainst: "Không tán thành",
    voteAbstain: "Không biểu quyết",
    voteSave: "Ghi kết quả biểu quyết",
    voteSaved: "Đã ghi kết quả biểu quyết.",
    voteRecorded: (f: number, a: number, ab: number, eligible: number) =>
      `Đã biểu quyết: tán thành ${f}/${eligible}, không tán thành ${a}, không biểu quyết ${ab}.`,
    voteNumber: "Nhập số phiếu (số nguyên không âm).",
    needScore: "Hãy lưu phiếu chấm trước khi biểu quyết.",
    submit: "Trình cấp ủy",
    submitConfirm:
      "Trình kết quả tự đánh giá lên cấp ủy? Sau khi trình, chi bộ không sửa được nữa.",
    submitted: "Đã trình kết quả tự đánh giá.",
    waiting: "Kết quả tự đánh giá đã trình, đang chờ cấp ủy xem xét.",
    finalNote: "Kết quả đánh giá đã được cấp ủy phê duyệt.",
    open: "Xem chi tiết phiếu đánh giá",
  },
  // The sheet, item by item.
  sheet: {
    summary: "Kết quả chấm",
    total: "Tổng điểm",
    levelLabel: "Xếp loại",
    byPoints: (level: string) => `Theo số điểm: ${level}`,
    capped: "Mức xếp loại bị giới hạn:",
    computed: "Tính từ dữ liệu cuộc họp",
    judged: "Chấm theo nhận định",
    missingFact: "Hồ sơ cuộc họp chưa có dữ liệu cho mục này: người chấm tự chấm.",
    fact: (label: string, value: string) => `${label}: ${value}`,
    source: (source: string) => `Nguồn: ${source}`,
    max: (max: number) => `Tối đa ${points(max)}`,
    pointsLabel: (title: string, max: number, step: number) =>
      `Điểm – ${title} (0 đến ${formatPoints(max)}, bước ${formatPoints(step)})`,
    yesNoLabel: (title: string) => `Đạt – ${title}`,
    choiceLabel: (title: string) => `Mức – ${title}`,
    noteLabel: (title: string) => `Ghi chú – ${title}`,
    notePlaceholder: "Lý do trừ điểm, nhận xét",
    notScored: "Chưa chấm",
    yes: (p: number) => `Có (${points(p)})`,
    no: (p: number) => `Không (${points(p)})`,
    choice: (label: string, p: number) => `${label} (${points(p)})`,
    got: (p: number) => `Được ${points(p)}`,
    cellGave: (p: number) => `Chi bộ chấm: ${points(p)}`,
    changed: "Đã điều chỉnh",
    hint: (text: string) => text,
    problems: {
      item_not_scored: "Chưa chấm mục này.",
      unknown_choice: "Hãy chọn một trong các phương án.",
      score_above_max: "Vượt quá số điểm tối đa của mục.",
      deduction_needs_note: "Cần ghi lý do trừ điểm.",
      points_off_step: "Điểm chấm theo bước của phiếu (ví dụ 4 hoặc 4,5; không nhận 4,3).",
      unknown_item: "Mục không có trong phiếu.",
      not_a_number: "Nhập số điểm (ví dụ 4 hoặc 4,5).",
    } as Record<string, string>,
    problemsLeft: (n: number) => `Còn ${n} mục cần hoàn thiện trước khi lưu.`,
    flag: { yes: "Có", no: "Không" },
    unknown: "Chưa có dữ liệu",
    minutes: (n: string) => `${n} phút`,
  },
  // Shown when a sheet's cap carries no note of its own.
  caps: {
    unexcused_not_good: "Có đảng viên vắng không lý do: không xếp loại Tốt.",
    attendance_not_good: "Tỷ lệ dự không quá 85%: không xếp loại Tốt.",
    duration_short_not_good: "Sinh hoạt ngắn hơn thời lượng tối thiểu: không xếp loại Tốt.",
    no_committee_meeting_not_good: "Chi ủy không họp trước: không xếp loại Tốt.",
  } as Record<string, string>,
  capFallback: "Có điều kiện giới hạn mức xếp loại.",
  // /danh-gia
  home: {
    title: "Đánh giá chất lượng sinh hoạt",
    queue: "Chờ phê duyệt",
    queueEmpty: "Không có kết quả tự đánh giá nào chờ phê duyệt.",
    recent: "Đã phê duyệt gần đây",
    recentEmpty: "Chưa có kết quả đánh giá được phê duyệt gần đây.",
    cell: "Kết quả đánh giá của chi bộ",
    cellEmpty: "Chi bộ chưa có kết quả đánh giá.",
    inspections: "Kiểm tra, giám sát sinh hoạt chi bộ",
    selfScore: (total: string) => `Tự chấm: ${total} điểm `,
    approvedScore: (total: string) => `Phê duyệt: ${total} điểm `,
    more: "Xem thêm",
  },
  // /danh-gia/:id
  page: {
    back: "Về danh sách đánh giá",
    meeting: "Mở buổi sinh hoạt",
    unit: "Chi bộ",
    day: "Ngày sinh hoạt",
    statusLabel: "Trạng thái",
    sheetLabel: "Phiếu đánh giá",
    sheetVersion: (name: string, v: number) => `${name} (phiên bản ${v})`,
    selfTotal: "Chi bộ tự chấm",
    proposed: "Mức chi bộ đề xuất",
    vote: "Biểu quyết của chi bộ",
    approved: "Cấp ủy phê duyệt",
    adjustReason: "Lý do điều chỉnh",
    approvedBy: "Người phê duyệt",
    scoredBy: "Người chấm",
    notYet: "Chưa có",
    items: "Các tiêu chí",
    facts: "Dữ liệu từ hồ sơ cuộc họp",
    history: "Lịch sử",
    selfPoints: (p: string) => `Chi bộ: ${p}`,
    approvedPoints: (p: string) => `Cấp ủy: ${p}`,
    note: (n: string) => `Ghi chú: ${n}`,
    approve: "Phê duyệt",
    approveConfirm: "Phê duyệt điểm và mức xếp loại chi bộ đề xuất?",
    approved_: "Đã phê duyệt.",
    adjust: "Điều chỉnh điểm",
    adjustTitle: "Cấp ủy điều chỉnh điểm",
    adjustIntro:
      "Chấm lại các mục chấm theo nhận định; các mục tính từ dữ liệu giữ nguyên. Tổng điểm và " +
      "mức xếp loại mới cập nhật ngay.",
    reason: "Lý do điều chỉnh",
    reasonRequired: "Ghi lý do điều chỉnh (ít nhất 5 ký tự).",
    nothingChanged: "Chưa thay đổi mục nào: hãy chấm lại ít nhất một mục, hoặc phê duyệt.",
    adjustSubmit: "Phê duyệt với điểm điều chỉnh",
    adjusted: "Đã phê duyệt với điểm điều chỉnh.",
    reopen: "Mở lại",
    reopenTitle: "Mở lại kết quả đánh giá",
    reopenLabel: "Lý do mở lại",
    reopenRequired: "Ghi lý do mở lại (ít nhất 5 ký tự).",
    reopened: "Đã mở lại: kết quả trở về trạng thái chờ phê duyệt.",
    eventAt: (who: string, at: string) => `${who} · ${at}`,
    // Who acts next (the server's next_action).
    nextTitle: "Bước tiếp theo",
    next: {
      score: "Chi bộ chấm điểm",
      vote: "Chi bộ biểu quyết mức xếp loại đề xuất",
      submit: "Chi bộ trình cấp ủy",
      approve: "Cấp trên của chi bộ (Đảng ủy cơ sở hoặc cấp ủy cấp trên) phê duyệt hoặc điều chỉnh",
    } as Record<string, string>,
    youMay: "Bạn có thể thực hiện bước này.",
    refusal: {
      forbidden: "Tài khoản của bạn không thực hiện bước này.",
      approver_took_part:
        "Bạn đã tham gia tự đánh giá (tạo, chấm, ghi biểu quyết hoặc trình): việc phê duyệt " +
        "phải do tài khoản khác của cấp trên thực hiện.",
      approver_is_cell_officer:
        "Bí thư, phó bí thư chi bộ không phê duyệt kết quả đánh giá của chính chi bộ mình.",
      approver_not_superior_level:
        "Việc phê duyệt thuộc Đảng ủy cơ sở hoặc cấp ủy cấp trên của chi bộ.",
    } as Record<string, string>,
    capsTitle: "Điều kiện giới hạn mức xếp loại",
    capFact: (label: string, source: string) => `${label}: ${source}`,
    eventTotal: (total: string, level: string) => `${total} – ${level}`,
    system: "Hệ thống",
  },
  events: {
    created: "Tạo phiếu tự đánh giá",
    scored: "Chấm điểm",
    voted: "Chi bộ biểu quyết",
    submitted: "Trình cấp ủy",
    approved: "Cấp ủy phê duyệt",
    adjusted: "Cấp ủy điều chỉnh điểm",
    final: "Kết quả chính thức",
    reopened: "Mở lại",
  } as Record<string, string>,
};
