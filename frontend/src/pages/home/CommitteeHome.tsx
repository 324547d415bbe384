import { Card, Spin } from "antd";
import { lazy, Suspense } from "react";
import { Link } from "react-router";

import { api } from "../../api/client";
import type { Me } from "../../auth";
import { ErrorNote } from "../../components/ErrorNote";
import { t } from "../../i18n/vi";
import { CellCards } from "../units/CellCards";
import { complianceBars, vietnamToday } from "../units/compliance";
import { useApi } from "../units/useApi";
import { useCellFlags } from "../units/useCellFlags";
import { AlertsCard } from "./AlertsCard";

// The chart library loads after the figures, never with the first screen.
const ComplianceChart = lazy(() => import("../../components/charts/ComplianceChart"));

/** A committee's home: its cells' year at a glance, a chart comparing them, the alerts. */
export function CommitteeHome({ me }: { me: Me }) {
  const year = vietnamToday().year;
  const unitId = me.unit_id;
  const compliance = useApi(
    () =>
      api.GET("/api/v1/units/{unit_id}/compliance", {
        params: { path: { unit_id: unitId }, query: { year } },
      }),
    [unitId, year],
  );
  const rollup = useApi(
    () =>
      api.GET("/api/v1/units/{unit_id}/rating-rollup", {
        params: { path: { unit_id: unitId }, query: { period: "year", year } },
      }),
    [unitId, year],
  );
  const flags = useCellFlags(year, true);

  return (
    <>
      <Card
        title={<h3 className="home-card-title">{t.home.cellsCompliance(year)}</h3>}
        className="home-card"
      >
        <ErrorNote message={compliance.error ?? rollup.error} />
        {!compliance.data ? (
          !compliance.error && <Spin />
        ) : compliance.data.length === 0 ? (
          <p className="muted">{t.home.cellsEmpty}</p>
        ) : (
          <>
            <CellCards cells={compliance.data} rollup={rollup.data?.cells ?? []} flags={flags} />
            <Suspense fallback={<Spin />}>
              <div className="home-chart">
                <ComplianceChart
                  bars={complianceBars(compliance.data, vietnamToday())}
                  title={t.home.chartTitle}
                />
              </div>
            </Suspense>
          </>
        )}
        <Link to="/to-chuc" className="home-more-link">
          {t.home.seeAll}
        </Link>
      </Card>
      <AlertsCard absences />
    </>
  );
}
