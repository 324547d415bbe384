// The rating engine of the backend (chibo/ratings/engine.py and sheet.py), ported so that the
// total and the level move as the scorer enters points. Same rules: bands with their edges,
// overrides, yes/no and choice points, level thresholds, caps that hold the level down (each
// with its reason), the judged points' step, and the problems the server would refuse.
// score.test.ts checks it on the backend's own cases.
//
// Exact arithmetic, as the server's Decimal: a sheet's points have at most 3 decimal places,
// so every sum is done in integer thousandths of a point ("milli-points"), never by adding
// floats; the level is chosen on that exact total (89.996 is Khá, not Tốt).

export type LevelCode = "good" | "fair" | "average" | "poor";
export const LEVEL_ORDER: LevelCode[] = ["poor", "average", "fair", "good"];

export interface Band {
  min?: number | null;
  max?: number | null;
  min_inclusive?: boolean;
  max_inclusive?: boolean;
  points: number;
}

export interface Condition {
  fact: string;
  op: ">" | ">=" | "<" | "<=" | "==" | "!=" | "is_true" | "is_false";
  value?: number | null;
}

export interface SheetItem {
  code: string;
  title: string;
  max_points: number;
  mode: "bands" | "yes_no" | "choice" | "number";
  source: "computed" | "judged";
  fact?: string | null;
  bands?: Band[];
  choices?: { code: string; label: string; points: number }[];
  yes_points?: number | null;
  no_points?: number;
  overrides?: { when: Condition; points: number }[];
  hint?: string | null;
  source_note?: string | null;
}

export interface Criterion {
  code: string;
  title: string;
  max_points: number;
  items: SheetItem[];
}

export interface Sheet {
  code: string;
  name: string;
  total_points?: number;
  levels: { code: LevelCode; name: string; min_points: number }[];
  criteria: Criterion[];
  caps?: SheetCap[];
  /** Judged points are multiples of this step (default 0.5). */
  points_step?: number;
  notes?: string[];
}

export interface SheetCap {
  code: string;
  when: Condition;
  max_level: LevelCode;
  note?: string | null;
}

/** A cap that holds the level down: why (the sheet's note) and the fact that set it off. */
export interface CapApplied {
  code: string;
  max_level: LevelCode;
  note: string | null;
  fact: string;
  value: FactValue;
}

export const DEFAULT_STEP = 0.5;

/** Points as integer thousandths (exact for any point value a sheet may hold). */
export function toMilli(points: number): number {
  return Math.round(points * 1000);
}

/** Whether points are a whole number of thousandths (no finer fraction). */
function inThousandths(points: number): boolean {
  return Math.abs(points * 1000 - toMilli(points)) < 1e-6;
}

/** Whether judged points keep to the sheet's step. */
export function onStep(sheet: Sheet, points: number): boolean {
  const step = toMilli(sheet.points_step ?? DEFAULT_STEP);
  return inThousandths(points) && toMilli(points) % step === 0;
}

export type FactValue = number | boolean | null;
export type Facts = Record<string, FactValue | undefined>;

/** What the scorer enters for a judged item (or a computed one whose fact is missing). */
export interface Entry {
  points?: number | null;
  choice?: string | null;
  yes?: boolean | null;
  note?: string | null;
}

export type ProblemCode =
  | "item_not_scored"
  | "unknown_choice"
  | "score_above_max"
  | "points_off_step"
  | "deduction_needs_note"
  | "unknown_item";

export interface Problem {
  item: string;
  code: ProblemCode;
}

export interface ItemResult {
  code: string;
  criterion: string;
  max_points: number;
  points: number;
  /** Scored from a known fact (else the scorer's entry). */
  computed: boolean;
  value: FactValue;
}

export interface Result {
  items: ItemResult[];
  /** The exact total (a sum of thousandths, shown as a number). */
  total: number;
  levelByPoints: LevelCode;
  level: LevelCode;
  capsApplied: string[];
  caps: CapApplied[];
  problems: Problem[];
}

export function bandContains(band: Band, value: number): boolean {
  const minInclusive = band.min_inclusive ?? true;
  const maxInclusive = band.max_inclusive ?? false;
  if (band.min != null && (value < band.min || (value === band.min && !minInclusive))) {
    return false;
  }
  return !(band.max != null && (value > band.max || (value === band.max && !maxInclusive)));
}

export function holds(condition: Condition, value: FactValue | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (condition.op === "is_true") return Boolean(value);
  if (condition.op === "is_false") return !value;
  const number = Number(value);
  const target = condition.value ?? 0;
  switch (condition.op) {
    case ">":
      return number > target;
    case ">=":
      return number >= target;
    case "<":
      return number < target;
    case "<=":
      return number <= target;
    case "==":
      return number === target;
    case "!=":
      return number !== target;
  }
}

export function levelFor(sheet: Sheet, points: number): LevelCode {
  const levels = [...sheet.levels].sort((a, b) => b.min_points - a.min_points);
  const milli = toMilli(points);
  for (const level of levels) if (milli >= toMilli(level.min_points)) return level.code;
  return levels[levels.length - 1].code;
}

/** The items of a sheet in order. */
export function itemsOf(sheet: Sheet): SheetItem[] {
  return sheet.criteria.flatMap((c) => c.items);
}

export function yesPoints(item: SheetItem): number {
  return item.yes_points ?? item.max_points;
}

/** Whether the scorer enters this item: judged items, and computed ones whose fact is unknown. */
export function isJudged(item: SheetItem, facts: Facts): boolean {
  if (item.source === "judged") return true;
  const value = item.fact ? facts[item.fact] : undefined;
  return value === null || value === undefined;
}

function computedPoints(item: SheetItem, value: number | boolean): number {
  if (item.mode === "yes_no") return value ? yesPoints(item) : (item.no_points ?? 0);
  const number = Number(value);
  const band = (item.bands ?? []).find((b) => bandContains(b, number));
  return band ? band.points : 0;
}

function overridden(item: SheetItem, facts: Facts, points: number): number {
  for (const override of item.overrides ?? []) {
    if (holds(override.when, facts[override.when.fact])) return override.points;
  }
  return points;
}

function judgedPoints(
  sheet: Sheet,
  item: SheetItem,
  entry: Entry | undefined,
): [number, Problem | null] {
  const problem = (code: ProblemCode): Problem => ({ item: item.code, code });
  if (!entry) return [0, problem("item_not_scored")];
  let points: number;
  if (item.mode === "choice") {
    const choice = (item.choices ?? []).find((c) => c.code === entry.choice);
    if (!choice) return [0, problem("unknown_choice")];
    points = choice.points;
  } else if (item.mode === "yes_no" && entry.yes != null) {
    points = entry.yes ? yesPoints(item) : (item.no_points ?? 0);
  } else {
    if (entry.points == null) return [0, problem("item_not_scored")];
    points = Number(entry.points);
    if (!onStep(sheet, points)) return [0, problem("points_off_step")];
  }
  if (points > item.max_points) return [0, problem("score_above_max")];
  if (points < item.max_points && !entry.note?.trim()) {
    return [points, problem("deduction_needs_note")];
  }
  return [points, null];
}

export function score(sheet: Sheet, facts: Facts, entries: Record<string, Entry>): Result {
  const items: ItemResult[] = [];
  const problems: Problem[] = [];
  const known = new Set(itemsOf(sheet).map((i) => i.code));
  for (const code of Object.keys(entries).sort()) {
    if (!known.has(code)) problems.push({ item: code, code: "unknown_item" });
  }
  for (const criterion of sheet.criteria) {
    for (const item of criterion.items) {
      const value = item.fact ? (facts[item.fact] ?? null) : null;
      const base = { code: item.code, criterion: criterion.code, max_points: item.max_points };
      if (item.source === "computed" && value !== null) {
        const points = overridden(item, facts, computedPoints(item, value));
        items.push({ ...base, points, computed: true, value });
        continue;
      }
      const [points, problem] = judgedPoints(sheet, item, entries[item.code]);
      if (problem) problems.push(problem);
      items.push({ ...base, points, computed: false, value });
    }
  }
  // Exact: the sum of integer thousandths, never of floats.
  const total = items.reduce((sum, r) => sum + toMilli(r.points), 0) / 1000;
  const levelByPoints = levelFor(sheet, total);
  let level = levelByPoints;
  // Every cap that holds the level below what the points give, in the sheet's order.
  const caps: CapApplied[] = [];
  for (const cap of sheet.caps ?? []) {
    const value = facts[cap.when.fact];
    if (holds(cap.when, value) && above(levelByPoints, cap.max_level)) {
      caps.push({
        code: cap.code,
        max_level: cap.max_level,
        note: cap.note ?? null,
        fact: cap.when.fact,
        value: value ?? null,
      });
      if (above(level, cap.max_level)) level = cap.max_level;
    }
  }
  const capsApplied = caps.map((c) => c.code);
  return { items, total, levelByPoints, level, capsApplied, caps, problems };
}

export function above(level: LevelCode, other: LevelCode): boolean {
  return LEVEL_ORDER.indexOf(level) > LEVEL_ORDER.indexOf(other);
}

/** Levels a cell may propose: the one the points and caps give, and any below it. */
export function proposable(level: LevelCode): LevelCode[] {
  return LEVEL_ORDER.slice(0, LEVEL_ORDER.indexOf(level) + 1).reverse();
}

/**
 * The entries to send: only items the scorer enters, with what their mode needs; notes on
 * computed items are kept (the server accepts a note there, nothing else).
 */
export function entriesToSend(
  sheet: Sheet,
  facts: Facts,
  entries: Record<string, Entry>,
): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  for (const item of itemsOf(sheet)) {
    const entry = entries[item.code];
    if (!entry) continue;
    const note = entry.note?.trim() ? entry.note.trim() : undefined;
    if (!isJudged(item, facts)) {
      if (note) out[item.code] = { note };
      continue;
    }
    const clean: Entry = {};
    if (item.mode === "choice") clean.choice = entry.choice ?? null;
    else if (item.mode === "yes_no" && entry.yes != null) clean.yes = entry.yes;
    else clean.points = entry.points ?? null;
    if (note) clean.note = note;
    out[item.code] = clean;
  }
  return out;
}

/** Entries as the server stored them ({points, choice, yes, note}) back into the form. */
export function entriesFrom(
  stored: Record<string, unknown> | null | undefined,
): Record<string, Entry> {
  const out: Record<string, Entry> = {};
  for (const [code, raw] of Object.entries(stored ?? {})) {
    if (raw && typeof raw === "object") out[code] = { ...(raw as Entry) };
  }
  return out;
}

/** The entries of `next` that differ from `before` (what the committee adjusts). */
export function changedEntries(
  before: Record<string, Entry>,
  next: Record<string, Entry>,
): Record<string, Entry> {
  const same = (a: Entry | undefined, b: Entry | undefined) =>
    (a?.points ?? null) === (b?.points ?? null) &&
    (a?.choice ?? null) === (b?.choice ?? null) &&
    (a?.yes ?? null) === (b?.yes ?? null) &&
    (a?.note ?? null) === (b?.note ?? null);
  return Object.fromEntries(Object.entries(next).filter(([code, e]) => !same(before[code], e)));
}
