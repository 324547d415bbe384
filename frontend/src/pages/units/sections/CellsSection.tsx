import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { t } from "../../../i18n/vi";
import { CellCards } from "../CellCards";
import { useApi } from "../useApi";
import { useCellFlags } from "../useCellFlags";
import { Loading } from "./Loading";

/** A committee's cells this year: compliance, levels and their ranking. */
export function CellsSection({ unitId, year }: { unitId: number; year: number }) {
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
  const ranking = useApi(
    () =>
      api.GET("/api/v1/units/{unit_id}/ranking", {
        params: { path: { unit_id: unitId }, query: { period: "year", year } },
      }),
    [unitId, year],
  );
  const flags = useCellFlags(year, true);
  const ranks = new Map((ranking.data?.rows ?? []).map((row) => [row.unit_id, row.rank ?? null]));
  const byLevel = rollup.data?.cells_by_level;

  return (
    <>
      <h3>{t.units.cells.title(year)}</h3>
      <ErrorNote message={compliance.error ?? rollup.error ?? ranking.error} />
      {byLevel && (
        <p>
          {t.units.cells.byLevel}:{" "}
          {(["good", "fair", "average", "poor"] as const)
            .map((level) => `${t.units.levels[level]} ${byLevel[level] ?? 0}`)
            .join(" · ")}
        </p>
      )}
      {compliance.loading && !compliance.data ? (
        <Loading />
      ) : (
        compliance.data && (
          <CellCards
            cells={compliance.data}
            rollup={rollup.data?.cells ?? []}
            ranks={ranks}
            flags={flags}
          />
        )
      )}
    </>
  );
}
