// A cell's year against the meeting norms, as the unit page and the committee's home show it:
// one state per month, and a few counts. The current month is "pending" until its meeting is
// held (the backend marks it due from its first day; a month in progress is not yet missed).
import type { ComplianceBar } from "../../components/charts/data";

export interface MonthLike {
  month: number;
  regular_meeting_id: number | null;
  regular_held: boolean;
  committee_meeting_before: boolean;
  documents_on_time: boolean;
  duration_met: boolean;
  minutes_final_on_time: boolean;
  due: boolean;
}

export interface QuarterLike {
  quarter: number;
  thematic_held: number;
  thematic_required: number;
  met: boolean;
}

export interface CellLike {
  unit_id: number;
  unit_name: string;
  year: number;
  months: MonthLike[];
  quarters: QuarterLike[];
}

/** met: held to every norm; held: held, some norm missed; missed: a month over without one. */
export type MonthState = "met" | "held" | "missed" | "pending" | "future";

export const CRITERIA = [
  "committee_meeting_before",
  "documents_on_time",
  "duration_met",
  "minutes_final_on_time",
] as const;
export type Criterion = (typeof CRITERIA)[number];

export interface Today {
  year: number;
  month: number;
}

/** Today's year and month in Vietnam, whatever the device's time zone. */
export function vietnamToday(now: Date = new Date()): Today {
  const [year, month] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
  })
    .format(now)
    .split("-")
    .map(Number);
  return { year, month };
}

export function missedCriteria(m: MonthLike): Criterion[] {
  return CRITERIA.filter((c) => !m[c]);
}

export function monthState(m: MonthLike, year: number, today: Today): MonthState {
  if (m.regular_held) return missedCriteria(m).length === 0 ? "met" : "held";
  const ordinal = year * 12 + m.month;
  const current = today.year * 12 + today.month;
  if (ordinal > current) return "future";
  if (ordinal === current) return "pending";
  return "missed";
}

/** Whether a quarter has ended (its last month is before this one). */
export function quarterOver(year: number, quarter: number, today: Today): boolean {
  return year * 12 + quarter * 3 < today.year * 12 + today.month;
}

export interface CellSummary {
  unitId: number;
  name: string;
  /** Months over or held: the ones that count this year so far. */
  counted: number;
  held: number;
  met: number;
  missed: number;
  thematicMet: number;
  /** Quarters over, or met early. */
  thematicCounted: number;
}

export function summarize(cell: CellLike, today: Today): CellSummary {
  const states = cell.months.map((m) => monthState(m, cell.year, today));
  const quarters = cell.quarters.filter((q) => q.met || quarterOver(cell.year, q.quarter, today));
  return {
    unitId: cell.unit_id,
    name: cell.unit_name,
    counted: states.filter((s) => s === "met" || s === "held" || s === "missed").length,
    held: states.filter((s) => s === "met" || s === "held").length,
    met: states.filter((s) => s === "met").length,
    missed: states.filter((s) => s === "missed").length,
    thematicMet: quarters.filter((q) => q.met).length,
    thematicCounted: quarters.length,
  };
}

/** A share in whole percent, or null when nothing counts yet. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part * 100) / whole) : null;
}

/** The years a selector offers: this one and four before. */
export function yearChoices(current: number): number[] {
  return [0, 1, 2, 3, 4].map((n) => current - n);
}

/** Per cell, the shares a chart compares: months held, months held to every norm. */
export function complianceBars(cells: CellLike[], today: Today): ComplianceBar[] {
  return cells.map((cell) => {
    const s = summarize(cell, today);
    return {
      unitId: s.unitId,
      name: s.name,
      held: share(s.held, s.counted) ?? 0,
      met: share(s.met, s.counted) ?? 0,
    };
  });
}
