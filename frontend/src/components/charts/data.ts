// The charts' data, shaped from the API's rows: pure, free of the chart library, so that a
// screen can compute text alternatives without loading it and Vitest can check the shaping.
import type { components } from "../../api/schema";

export type MeetingStats = components["schemas"]["MeetingStats"];

/** Meetings of the whole cell: committee meetings (a handful of members) would skew trends. */
const CELL_MEETINGS = new Set(["regular", "thematic", "extraordinary"]);

export const LEVEL_VALUE: Record<string, number> = { poor: 1, average: 2, fair: 3, good: 4 };
export const LEVEL_ORDER = ["good", "fair", "average", "poor"] as const;

export interface Point {
  meetingId: number;
  /** dd/mm */
  label: string;
  title: string;
  value: number;
}

/** A score the Vietnamese way: 87,5 (a comma before the decimals). */
export function decimal(value: number): string {
  return new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(value);
}

/** "2026-11-27" -> "27/11" */
export function dayMonth(day: string): string {
  const [, m, d] = day.split("-");
  return `${d}/${m}`;
}

export function cellMeetings(rows: MeetingStats[], unitId?: number): MeetingStats[] {
  return rows
    .filter(
      (r) => CELL_MEETINGS.has(r.meeting_type) && (unitId === undefined || r.unit_id === unitId),
    )
    .sort((a, b) => a.day.localeCompare(b.day) || a.meeting_id - b.meeting_id);
}

function points(rows: MeetingStats[], value: (r: MeetingStats) => number | null): Point[] {
  return rows.flatMap((r) => {
    const v = value(r);
    return v === null
      ? []
      : [{ meetingId: r.meeting_id, label: dayMonth(r.day), title: r.title, value: v }];
  });
}

export const attendancePoints = (rows: MeetingStats[]) =>
  points(rows, (r) => (r.attendance_rate === null ? null : Math.round(r.attendance_rate)));

export const spokeSharePoints = (rows: MeetingStats[]) =>
  points(rows, (r) => (r.spoke_share === null ? null : Math.round(r.spoke_share)));

export const levelPoints = (rows: MeetingStats[]) =>
  points(rows, (r) => (r.rating_level ? LEVEL_VALUE[r.rating_level] : null));

export interface Spread {
  count: number;
  average: number;
  min: number;
  max: number;
}

/** The figures a caption says in words; null without points. */
export function spread(values: number[]): Spread | null {
  if (values.length === 0) return null;
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    count: values.length,
    average: Math.round(sum / values.length),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** How many meetings reached each level, best first (levels never reached left out). */
export function levelCounts(rows: MeetingStats[]): { level: string; count: number }[] {
  return LEVEL_ORDER.map((level) => ({
    level,
    count: rows.filter((r) => r.rating_level === level).length,
  })).filter((c) => c.count > 0);
}

export interface ComplianceBar {
  unitId: number;
  name: string;
  held: number;
  met: number;
}

/** Names on a phone's axis: the words that tell cells apart, "Chi bộ" dropped. */
export function shortName(name: string, max = 18): string {
  const short = name.replace(/^Chi bộ\s+/, "");
  return short.length > max ? `${short.slice(0, max - 1)}…` : short;
}

export interface CellAverage {
  unitId: number;
  name: string;
  meetings: number;
  /** Average attendance rate over the cell's meetings, whole percent. */
  attendance: number;
  /** Average share of those present who spoke, whole percent. */
  spoke: number;
}

/** Per cell of a committee, its meetings' average attendance and share of speakers. */
export function cellAverages(rows: MeetingStats[]): CellAverage[] {
  const byCell = new Map<number, MeetingStats[]>();
  for (const row of cellMeetings(rows)) {
    byCell.set(row.unit_id, [...(byCell.get(row.unit_id) ?? []), row]);
  }
  const mean = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length ? Math.round(known.reduce((a, b) => a + b, 0) / known.length) : 0;
  };
  return [...byCell.values()]
    .map((list) => ({
      unitId: list[0].unit_id,
      name: list[0].unit_name,
      meetings: list.length,
      attendance: mean(list.map((r) => r.attendance_rate)),
      spoke: mean(list.map((r) => r.spoke_share)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
}
