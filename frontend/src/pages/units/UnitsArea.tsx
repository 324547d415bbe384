import { Route, Routes } from "react-router";

/** /to-chuc/* — the unit tree and a unit's (cell's or committee's) page. */
export default function UnitsArea() {
  return (
    <Routes>
      <Route index element={<p />} />
    </Routes>
  );
}
