// The person's own account: details, password, private calendar link, signing out.
export const account = {
  title: "Tài khoản",
  details: "Thông tin tài khoản",
  fullName: "Họ và tên",
  username: "Tên đăng nhập",
  role: "Vai trò",
  unit: "Đơn vị",
  email: "Thư điện tử",
  lastLogin: "Đăng nhập gần nhất",
  passwordChangedAt: "Đổi mật khẩu lần cuối",
  never: "Chưa có",
  signOut: "Đăng xuất",
  changePassword: "Đổi mật khẩu",
  currentPassword: "Mật khẩu hiện tại",
  newPassword: "Mật khẩu mới",
  confirmPassword: "Nhập lại mật khẩu mới",
  passwordRules: (min: number) =>
    `Mật khẩu mới phải có ít nhất ${min} ký tự và khác tên đăng nhập. Sau khi đổi, mọi phiên ` +
    "đăng nhập của bạn (trên mọi thiết bị) sẽ bị đăng xuất.",
  currentRequired: "Vui lòng nhập mật khẩu hiện tại.",
  tooShort: (min: number) => `Mật khẩu mới phải có ít nhất ${min} ký tự.`,
  equalsUsername: "Mật khẩu mới phải khác tên đăng nhập.",
  sameAsCurrent: "Mật khẩu mới phải khác mật khẩu hiện tại.",
  mismatch: "Mật khẩu nhập lại không khớp với mật khẩu mới.",
  openChange: "Đổi mật khẩu…",
  submit: "Lưu mật khẩu mới",
  changed:
    "Đã đổi mật khẩu. Mọi phiên đăng nhập đã bị đăng xuất; vui lòng đăng nhập lại bằng " +
    "mật khẩu mới.",
  feed: {
    title: "Lịch riêng (ICS)",
    explain:
      "Liên kết riêng để thêm các buổi sinh hoạt của bạn vào ứng dụng lịch trên điện thoại hoặc " +
      "máy tính (Lịch Google, Lịch iPhone, Outlook: chọn “thêm lịch từ địa chỉ URL”). Ai có " +
      "liên kết này đều xem được lịch, nên đừng chia sẻ nó.",
    once:
      "Liên kết chỉ hiển thị một lần. Hãy sao chép ngay; nếu làm mất, hãy tạo liên kết mới " +
      "(liên kết cũ sẽ ngừng hoạt động).",
    create: "Tạo liên kết",
    rotate: "Tạo liên kết mới",
    revoke: "Thu hồi",
    revoked: "Đã thu hồi liên kết lịch. Các ứng dụng lịch đang dùng nó sẽ không cập nhật nữa.",
    none: "Bạn chưa có liên kết lịch nào đang hoạt động.",
    activeSince: (when: string) => `Liên kết lịch đang hoạt động, tạo lúc ${when}.`,
    hidden:
      "Vì an toàn, liên kết chỉ hiển thị một lần khi tạo. Nếu không còn giữ nó, hãy tạo liên " +
      "kết mới (liên kết hiện tại sẽ ngừng hoạt động).",
    url: "Liên kết lịch của bạn",
    copy: "Sao chép liên kết",
    copied: "Đã sao chép liên kết.",
    copyFailed: "Không sao chép được; hãy chọn liên kết và sao chép thủ công.",
  },
};
