export const members = {
  title: "Danh sách đảng viên",
  searchPlaceholder: "Tìm theo tên (không cần dấu)",
  official: "Chính thức",
  probationary: "Dự bị",
  count: (n: number) => `${n} đảng viên`,
};
