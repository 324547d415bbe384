import { Spin } from "antd";
import { lazy, Suspense } from "react";
import { Navigate, NavLink, Route, Routes } from "react-router";

import { t } from "../../i18n/vi";
import "./admin.css";

const AccountsPage = lazy(() => import("./AccountsPage"));
const AccountEditPage = lazy(() => import("./AccountEditPage"));
const SheetsPage = lazy(() => import("./SheetsPage"));
const SheetPage = lazy(() => import("./SheetPage"));
const AuditPage = lazy(() => import("./AuditPage"));

/** /quan-tri/* — accounts, rating sheet versions and the audit log (administrators). */
export default function AdminArea() {
  return (
    <>
      <nav className="admin-tabs" aria-label={t.admin.sections}>
        <NavLink to="/quan-tri/tai-khoan">{t.admin.tabs.accounts}</NavLink>
        <NavLink to="/quan-tri/phieu-danh-gia">{t.admin.tabs.sheets}</NavLink>
        <NavLink to="/quan-tri/nhat-ky">{t.admin.tabs.audit}</NavLink>
      </nav>
      <Suspense fallback={<Spin tip={t.loading} />}>
        <Routes>
          <Route index element={<Navigate to="/quan-tri/tai-khoan" replace />} />
          <Route path="tai-khoan" element={<AccountsPage />} />
          <Route path="tai-khoan/:id" element={<AccountEditPage />} />
          <Route path="phieu-danh-gia" element={<SheetsPage />} />
          <Route path="phieu-danh-gia/:id" element={<SheetPage />} />
          <Route path="nhat-ky" element={<AuditPage />} />
          <Route path="*" element={<Navigate to="/quan-tri/tai-khoan" replace />} />
        </Routes>
      </Suspense>
    </>
  );
}
