import { Spin } from "antd";
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";

import { t } from "../../i18n/vi";
import "./members.css";
import MembersPage from "./MembersPage";

// The member's page and the forms load on demand: the list is what most visits need.
const MemberPage = lazy(() => import("./MemberPage"));
const MemberCreatePage = lazy(() =>
  import("./MemberFormPage").then((m) => ({ default: m.MemberCreatePage })),
);
const MemberEditPage = lazy(() =>
  import("./MemberFormPage").then((m) => ({ default: m.MemberEditPage })),
);

/** /dang-vien/* — the members list, a member's page, and the create and edit forms. */
export default function MembersArea() {
  return (
    <div className="members-area">
      <Suspense fallback={<Spin tip={t.loading} />}>
        <Routes>
          <Route index element={<MembersPage />} />
          <Route path="moi" element={<MemberCreatePage />} />
          <Route path=":id" element={<MemberPage />} />
          <Route path=":id/sua" element={<MemberEditPage />} />
        </Routes>
      </Suspense>
    </div>
  );
}
