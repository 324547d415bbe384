import { Route, Routes } from "react-router";

import UnitPage from "./UnitPage";
import UnitTree from "./UnitTree";

/** /to-chuc/* — the unit tree and a unit's (cell's or committee's) page. */
export default function UnitsArea() {
  return (
    <Routes>
      <Route index element={<UnitTree />} />
      <Route path=":id" element={<UnitPage />} />
    </Routes>
  );
}
