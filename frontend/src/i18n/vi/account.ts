export const account = {
  title: "Tài khoản",
  signOut: "Đăng xuất",
  changePassword: "Đổi mật khẩu",
  currentPassword: "Mật khẩu hiện tại",
  newPassword: "Mật khẩu mới",
  changed: "Đã đổi mật khẩu. Vui lòng đăng nhập lại.",
};
