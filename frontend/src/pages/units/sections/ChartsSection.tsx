import { lazy, Suspense } from "react";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { cellAverages, cellMeetings } from "../../../components/charts/data";
import { t } from "../../../i18n/vi";
import { complianceBars, vietnamToday } from "../compliance";
import { useApi } from "../useApi";
import { Loading } from "./Loading";

// The chart library loads only when a chart is shown.
const CellCharts = lazy(() => import("../../../components/charts/CellCharts"));
const CommitteeCharts = lazy(() => import("../../../components/charts/CommitteeCharts"));

/** A cell's trends over the year, or a committee's cells side by side. */
export function ChartsSection({
  unitId,
  year,
  isCell,
}: {
  unitId: number;
  year: number;
  isCell: boolean;
}) {
  return (
    <>
      <h3>{t.units.charts.title(year)}</h3>
      <Suspense fallback={<Loading />}>
        {isCell ? (
          <CellTrends unitId={unitId} year={year} />
        ) : (
          <CellsCompliance unitId={unitId} year={year} />
        )}
      </Suspense>
    </>
  );
}

function CellTrends({ unitId, year }: { unitId: number; year: number }) {
  const stats = useApi(
    () =>
      api.GET("/api/v1/units/{unit_id}/meeting-stats", {
        params: { path: { unit_id: unitId }, query: { year } },
      }),
    [unitId, year],
  );
  if (stats.error) return <ErrorNote message={stats.error} />;
  if (!stats.data) return <Loading />;
  return <CellCharts rows={cellMeetings(stats.data, unitId)} />;
}

function CellsCompliance({ unitId, year }: { unitId: number; year: number }) {
  const compliance = useApi(
    () =>
      api.GET("/api/v1/units/{unit_id}/compliance", {
        params: { path: { unit_id: unitId }, query: { year } },
      }),
    [unitId, year],
  );
  const stats = useApi(
    () =>
      api.GET("/api/v1/units/{unit_id}/meeting-stats", {
        params: { path: { unit_id: unitId }, query: { year } },
      }),
    [unitId, year],
  );
  const error = compliance.error ?? stats.error;
  if (error) return <ErrorNote message={error} />;
  if (!compliance.data || !stats.data) return <Loading />;
  return (
    <CommitteeCharts
      bars={complianceBars(compliance.data, vietnamToday())}
      averages={cellAverages(stats.data)}
    />
  );
}
