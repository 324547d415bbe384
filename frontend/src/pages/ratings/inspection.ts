// What the inspection screens compute (pure, tested): the meetings an inspector may attend,
// the inspector's draft back into the sheet's form, signed differences.
import { itemsOf, yesPoints, type Entry, type Sheet } from "./score";

const RATED_TYPES = new Set(["regular", "thematic", "extraordinary"]);

/** The plan's year in Vietnam's time, for the meetings list's bounds. */
export function yearRange(year: number): { from: string; before: string } {
  return { from: `${year}-01-01T00:00:00+07:00`, before: `${year + 1}-01-01T00:00:00+07:00` };
}

interface MeetingLike {
  status: string;
  meeting_type: string;
  planned_start: string;
}

/** Cell meetings rated on a sheet and not cancelled, in date order. */
export function inspectableMeetings<T extends MeetingLike>(meetings: readonly T[]): T[] {
  return meetings
    .filter((m) => m.status !== "cancelled" && RATED_TYPES.has(m.meeting_type))
    .sort((a, b) => Date.parse(a.planned_start) - Date.parse(b.planned_start));
}

interface ScoredItem {
  code: string;
  points: number;
  computed: boolean;
  note: string | null;
}

/**
 * The inspector's saved draft as entries: the server gives back points and notes per item,
 * so yes/no items read "yes" at their yes-points and choices are found by their points.
 */
export function entriesFromScored(
  sheet: Sheet,
  items: readonly ScoredItem[],
): Record<string, Entry> {
  const byCode = new Map(items.map((i) => [i.code, i]));
  const out: Record<string, Entry> = {};
  for (const item of itemsOf(sheet)) {
    const scored = byCode.get(item.code);
    if (!scored) continue;
    const note = scored.note ?? undefined;
    if (scored.computed) {
      if (note) out[item.code] = { note };
      continue;
    }
    if (item.mode === "choice") {
      const choice = (item.choices ?? []).find((c) => c.points === scored.points);
      out[item.code] = { choice: choice?.code ?? null, note };
    } else if (item.mode === "yes_no") {
      out[item.code] = { yes: scored.points === yesPoints(item), note };
    } else {
      out[item.code] = { points: scored.points, note };
    }
  }
  return out;
}

/** +2, −1,5, 0 (Vietnamese decimal comma, a true minus sign). */
export function signed(value: number): string {
  const text = Number.isInteger(value) ? String(Math.abs(value)) : Math.abs(value).toFixed(1);
  const body = text.replace(".", ",");
  return value > 0 ? `+${body}` : value < 0 ? `−${body}` : "0";
}
