import { Route, Routes } from "react-router";

/** /danh-gia/* — ratings, the committee's approval queue, and inspections. */
export default function RatingsArea() {
  return (
    <Routes>
      <Route index element={<p />} />
    </Routes>
  );
}
