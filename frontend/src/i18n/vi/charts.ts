// Text of the charts: titles, axis labels and the text alternatives read in their place.
export const charts = {
  loading: "Đang tải biểu đồ…",
  empty: "Chưa có số liệu.",
  failed: "Không tải được số liệu biểu đồ.",
  percent: (n: number) => `${n}%`,
  month: (n: number) => `T${n}`,
  showTable: "Xem số liệu dạng bảng",
  meeting: "Buổi sinh hoạt",
  date: "Ngày",
  attendance: {
    title: "Tỷ lệ dự họp qua các buổi",
    axis: "Tỷ lệ dự họp",
    summary: (n: number, avg: number, min: number, max: number) =>
      `${n} buổi sinh hoạt; tỷ lệ dự họp trung bình ${avg}%, thấp nhất ${min}%, cao nhất ${max}%.`,
    present: "Có mặt",
    expected: "Phải dự",
  },
  ratings: {
    title: "Xếp loại chất lượng các buổi sinh hoạt",
    axis: "Xếp loại",
    total: "Điểm",
    summary: (n: number, counts: string) => `${n} buổi đã xếp loại: ${counts}.`,
  },
  speakers: {
    title: "Tỷ lệ đảng viên phát biểu mỗi buổi",
    axis: "Tỷ lệ phát biểu",
    speakers: "Số người phát biểu",
    summary: (n: number, avg: number) =>
      `${n} buổi sinh hoạt; trung bình ${avg}% đảng viên có mặt đã phát biểu.`,
  },
  compliance: {
    title: "Thực hiện quy định sinh hoạt của các chi bộ",
    axis: "Tỷ lệ tháng",
    cell: "Chi bộ",
    held: "Tháng đã họp",
    met: "Tháng đạt đủ quy định",
    summary: (n: number) => `${n} chi bộ; tỷ lệ trên số tháng đã qua của năm.`,
  },
  cells: {
    title: "Dự họp và phát biểu ở các chi bộ",
    axis: "Tỷ lệ trung bình",
    cell: "Chi bộ",
    meetings: "Số buổi",
    attendance: "Tỷ lệ dự họp",
    spoke: "Tỷ lệ phát biểu",
    summary: (n: number, best: string, rate: number) =>
      `${n} chi bộ; dự họp đông đủ nhất: ${best} (trung bình ${rate}%).`,
  },
};
