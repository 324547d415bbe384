import { Route, Routes } from "react-router";

import MembersPage from "./MembersPage";

/** /dang-vien/* — the members list, a member's page, and the create and edit forms. */
export default function MembersArea() {
  return (
    <Routes>
      <Route index element={<MembersPage />} />
    </Routes>
  );
}
