import { Link } from "react-router";

import type { components } from "../../api/schema";
import { decimal } from "../../components/charts/data";
import { t } from "../../i18n/vi";
import { formatDate } from "../../lib/format";
import { summarize, vietnamToday, type CellLike, type CellSummary } from "./compliance";
import { LevelTag } from "./LevelTag";
import "./units.css";

type CellRollup = components["schemas"]["CellRollup"];
const h = t.home;
const cu = t.units.cells;

export interface CellFlags {
  understaffed: ReadonlySet<number>;
  absences: ReadonlyMap<number, number>;
}

/** The cells' year at a glance: months held and to norms, last levels, rank and flags. */
export function CellCards({
  cells,
  rollup,
  ranks,
  flags,
}: {
  cells: CellLike[];
  rollup: CellRollup[];
  ranks?: ReadonlyMap<number, number | null>;
  flags: CellFlags;
}) {
  const today = vietnamToday();
  const byUnit = new Map(rollup.map((r) => [r.unit_id, r]));
  const ordered = [...cells];
  if (ranks) {
    const rankOf = (id: number) => ranks.get(id) ?? Number.MAX_SAFE_INTEGER;
    ordered.sort((a, b) => rankOf(a.unit_id) - rankOf(b.unit_id));
  }
  if (ordered.length === 0) return <p className="muted">{cu.empty}</p>;
  return (
    <ul className="units-cells">
      {ordered.map((cell) => {
        const s = summarize(cell, today);
        const r = byUnit.get(cell.unit_id);
        return (
          <li key={cell.unit_id} className="units-cell">
            <h4 className="units-cell-name">
              <Link
                to={`/to-chuc/${cell.unit_id}`}
                className="units-row-link"
                aria-label={h.openCell(cell.unit_name)}
              >
                {cell.unit_name}
              </Link>
            </h4>
            <div className="units-cell-line">
              {ranks && (
                <span className="units-rank">{cu.rank(ranks.get(cell.unit_id) ?? null)}</span>
              )}
              <span>{t.units.ratings.yearLevel}:</span>
              <LevelTag level={r?.level} />
              {r && (
                <span className="muted">
                  {cu.average(
                    r.average === null || r.average === undefined ? null : decimal(r.average),
                  )}
                </span>
              )}
            </div>
            <div className="units-cell-line">{h.monthsHeld(s.held, s.counted)}</div>
            <div className="units-cell-line">{h.monthsMet(s.met, s.counted)}</div>
            <div className="units-cell-line">{h.thematic(s.thematicMet, s.thematicCounted)}</div>
            <LastLevels rollup={r} />
            <Flags summary={s} flags={flags} />
          </li>
        );
      })}
    </ul>
  );
}

function LastLevels({ rollup }: { rollup: CellRollup | undefined }) {
  const last = [...(rollup?.rated_meetings ?? [])]
    .sort((a, b) => b.day.localeCompare(a.day))
    .slice(0, 3);
  return (
    <div className="units-cell-line">
      <span>{h.lastRatings}:</span>
      {last.length === 0 ? (
        <span className="muted">{h.noRatings}</span>
      ) : (
        last.map((m) => (
          <span key={m.meeting_id} className="units-last">
            <span className="muted">{formatDate(m.day).slice(0, 5)}</span>{" "}
            <LevelTag level={m.level} />
          </span>
        ))
      )}
    </div>
  );
}

function Flags({ summary, flags }: { summary: CellSummary; flags: CellFlags }) {
  const list: string[] = [];
  if (summary.missed > 0) list.push(h.flags.missed(summary.missed));
  if (summary.thematicCounted > summary.thematicMet) list.push(h.flags.thematic);
  if (flags.understaffed.has(summary.unitId)) list.push(h.flags.understaffed);
  const absences = flags.absences.get(summary.unitId) ?? 0;
  if (absences > 0) list.push(h.flags.absences(absences));
  if (list.length === 0) return null;
  return (
    <ul className="units-flags">
      {list.map((text) => (
        <li key={text} className="units-flag">
          {text}
        </li>
      ))}
    </ul>
  );
}
