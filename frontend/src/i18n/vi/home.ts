export const home = {
  greeting: (name: string) => `Xin chào, ${name}`,
  nextMeeting: "Buổi sinh hoạt sắp tới",
  noNextMeeting: "Chưa có buổi sinh hoạt nào sắp tới.",
  needs: "Cần chuẩn bị",
  needNotice: "Gửi thông báo cho đảng viên",
  needDocuments: "Gửi tài liệu trước ít nhất 1 ngày",
  needCommittee: "Họp chi ủy trước buổi sinh hoạt",
  alerts: "Cảnh báo",
  noAlerts: "Không có cảnh báo.",
  probationDue: (name: string) => `${name}: đã đủ 12 tháng dự bị, cần xét công nhận chính thức`,
  understaffed: (name: string, n: number) => `${name}: chỉ có ${n} đảng viên chính thức`,
  cellsCompliance: "Các chi bộ trong năm",
};
