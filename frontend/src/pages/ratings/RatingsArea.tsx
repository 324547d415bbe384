import { Spin } from "antd";
import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";

import { MeetingTheme } from "../meeting/MeetingTheme";

import "./ratings.css";

// Each screen loads on demand: a secretary's phone never downloads the inspection screens.
const RatingsHome = lazy(() => import("./RatingsHome"));
const RatingPage = lazy(() => import("./RatingPage"));
const InspectionsPage = lazy(() => import("./InspectionsPage"));
const InspectionPage = lazy(() => import("./InspectionPage"));

/** /danh-gia/* — ratings, the committee's approval queue, and inspections. */
export default function RatingsArea() {
  return (
    <MeetingTheme>
      <Suspense fallback={<Spin />}>
        <Routes>
          <Route index element={<RatingsHome />} />
          <Route path="kiem-tra" element={<InspectionsPage />} />
          <Route path="kiem-tra/:id" element={<InspectionPage />} />
          <Route path=":id" element={<RatingPage />} />
        </Routes>
      </Suspense>
    </MeetingTheme>
  );
}
