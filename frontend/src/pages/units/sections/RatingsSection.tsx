import { Link } from "react-router";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { decimal } from "../../../components/charts/data";
import { t } from "../../../i18n/vi";
import { formatDate } from "../../../lib/format";
import { LevelTag } from "../LevelTag";
import { useApi } from "../useApi";
import { Loading } from "./Loading";

const r = t.units.ratings;

/** Each rated meeting of the year with its final level, and the year's roll-up. */
export function RatingsSection({
  unitId,
  year,
  isCell,
}: {
  unitId: number;
  year: number;
  isCell: boolean;
}) {
  const ratings = useApi(
    () =>
      api.GET("/api/v1/ratings", {
        params: {
          // The cell's own ratings, as the year's roll-up counts them; inspectors' ratings
          // have their own page (Kiểm tra, giám sát).
          query: {
            unit_id: unitId,
            kind: "self",
            from: `${year}-01-01`,
            to: `${year}-12-31`,
            limit: 200,
          },
        },
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
  const items = [...(ratings.data?.items ?? [])].sort(
    (a, b) => b.meeting_day.localeCompare(a.meeting_day) || b.id - a.id,
  );
  const total = rollup.data?.aggregate;

  return (
    <>
      <h3>{r.title}</h3>
      <ErrorNote message={ratings.error ?? rollup.error} />
      {total && (
        <div className="units-rollup">
          <h4>{r.yearTitle}</h4>
          <dl className="units-facts">
            <dt>{r.yearLevel}</dt>
            <dd>
              <LevelTag level={total.level} />
            </dd>
            <dt>{r.average}</dt>
            <dd>
              {total.average === null || total.average === undefined ? "–" : decimal(total.average)}
            </dd>
            <dt>{r.counts}</dt>
            <dd>
              {(["good", "fair", "average", "poor"] as const)
                .map((level) => `${t.units.levels[level]}: ${total.level_counts?.[level] ?? 0}`)
                .join(" · ")}
            </dd>
            <dd className="muted units-facts-note">{r.rated(total.rated, total.due)}</dd>
          </dl>
        </div>
      )}
      {ratings.loading && !ratings.data ? (
        <Loading />
      ) : items.length === 0 ? (
        !ratings.error && <p className="muted">{r.empty}</p>
      ) : (
        <ul className="units-list">
          {items.map((rating) => {
            const final = rating.status === "final";
            return (
              <li key={rating.id}>
                <Link
                  to={`/sinh-hoat/${rating.meeting_id}`}
                  className="units-row-link units-rating"
                >
                  <span className="units-rating-head">
                    <span>{rating.meeting_title}</span>
                    {final ? (
                      <LevelTag level={rating.approved_level} />
                    ) : (
                      <span className="units-level units-level-none">
                        {r.status[rating.status]}
                      </span>
                    )}
                  </span>
                  <span className="muted">
                    {formatDate(rating.meeting_day)}
                    {!isCell && ` · ${rating.unit_name}`}
                    {rating.kind === "inspection" && ` · ${r.kind.inspection}`}
                    {final &&
                      rating.approved_total !== null &&
                      ` · ${r.points(decimal(rating.approved_total))}`}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
