import { Link } from "react-router";

import { api } from "../../../api/client";
import { ErrorNote } from "../../../components/ErrorNote";
import { t } from "../../../i18n/vi";
import {
  missedCriteria,
  monthState,
  quarterOver,
  summarize,
  vietnamToday,
  type CellLike,
  type MonthState,
} from "../compliance";
import { useApi } from "../useApi";
import { Loading } from "./Loading";

const c = t.units.compliance;
const ICON: Record<MonthState, string> = {
  met: "✓",
  held: "!",
  missed: "✗",
  pending: "…",
  future: "–",
};

/** A cell's year against the norms: a list of months with ticks, then the quarters. */
export function ComplianceSection({ unitId, year }: { unitId: number; year: number }) {
  const report = useApi(
    () =>
      api.GET("/api/v1/units/{unit_id}/compliance", {
        params: { path: { unit_id: unitId }, query: { year } },
      }),
    [unitId, year],
  );
  const cell = report.data?.find((x) => x.unit_id === unitId) ?? report.data?.[0];
  return (
    <>
      <h3>{c.title(year)}</h3>
      <ErrorNote message={report.error} />
      {report.loading && !report.data ? (
        <Loading />
      ) : cell ? (
        <CellYear cell={cell} />
      ) : (
        !report.error && <p className="muted">{c.empty}</p>
      )}
    </>
  );
}

export function CellYear({ cell }: { cell: CellLike }) {
  const today = vietnamToday();
  const s = summarize(cell, today);
  return (
    <>
      <p>{c.summary(s.held, s.met, s.counted)}</p>
      <h4>{c.months}</h4>
      <ul className="units-months">
        {cell.months.map((m) => {
          const state = monthState(m, cell.year, today);
          const lacking = state === "held" ? missedCriteria(m) : [];
          return (
            <li key={m.month} className={`units-month units-month-${state}`}>
              <span className="units-month-icon" aria-hidden="true">
                {ICON[state]}
              </span>
              <span className="units-month-body">
                {m.regular_meeting_id ? (
                  <Link
                    to={`/sinh-hoat/${m.regular_meeting_id}`}
                    className="units-month-name"
                    aria-label={`${c.openMeeting(m.month)}: ${c.state[state]}`}
                  >
                    {c.month(m.month)}
                  </Link>
                ) : (
                  <span className="units-month-name">{c.month(m.month)}</span>
                )}
                <span className="units-month-state">{c.state[state]}</span>
                {lacking.length > 0 && (
                  <span className="units-month-lacking">
                    {c.lacking(lacking.map((k) => c.criteria[k].toLowerCase()).join(", "))}
                  </span>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      <h4>{c.quarters}</h4>
      <ul className="units-quarters">
        {cell.quarters.map((q) => (
          <li key={q.quarter}>
            <strong>{c.quarter(q.quarter)}</strong>:{" "}
            {c.thematic(q.thematic_held, q.thematic_required)} ·{" "}
            {q.met
              ? c.quarterMet
              : quarterOver(cell.year, q.quarter, today)
                ? c.quarterNotMet
                : c.quarterPending}
          </li>
        ))}
      </ul>
    </>
  );
}
