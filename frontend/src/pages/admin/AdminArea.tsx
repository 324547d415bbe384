import { Route, Routes } from "react-router";

/** /quan-tri/* — accounts, rating sheet versions and the audit log (administrators). */
export default function AdminArea() {
  return (
    <Routes>
      <Route index element={<p />} />
    </Routes>
  );
}
