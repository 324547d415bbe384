// A rating sheet's definition (JSON as loaded: meeting sheets and annual ones differ a little)
// as lines a person reads: levels, criteria with their items, how each item is scored.

import { t } from "../../i18n/vi";

const s = t.admin.sheets;
type Raw = Record<string, unknown>;

export interface ReadableItem {
  title: string;
  points: string;
  how: string[];
  hint: string | null;
}

export interface ReadableSheet {
  total: string | null;
  levels: { name: string; from: string }[];
  criteria: { title: string; points: string; items: ReadableItem[] }[];
  caps: { level: string; note: string | null }[];
}

const num = (v: unknown) => (typeof v === "number" ? String(v).replace(".", ",") : "?");
const list = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);
const text = (v: unknown) => (typeof v === "string" ? v : "");

export function bandRange(band: Raw): string {
  const min = typeof band.min === "number" ? band.min : null;
  const max = typeof band.max === "number" ? band.max : null;
  const minIn = band.min_inclusive !== false;
  const maxIn = band.max_inclusive === true;
  const r = s.range;
  if (min !== null && max !== null && min === max) return r.exactly(num(min));
  if (min !== null && max !== null) {
    const low = minIn ? r.fromOnly(num(min)) : r.above(num(min));
    return `${low} ${maxIn ? r.upTo(num(max)) : r.upToBelow(num(max))}`;
  }
  if (min !== null) return minIn ? r.from(num(min)) : r.above(num(min));
  if (max !== null) return maxIn ? r.upTo(num(max)) : r.below(num(max));
  return r.any;
}

function howScored(item: Raw): string[] {
  const how: string[] = [];
  if (item.source === "computed") how.push(s.computed);
  else if (item.source === "judged") how.push(s.judged);
  const bands = list(item.bands).length
    ? list(item.bands)
    : list((item.suggestion as Raw | undefined)?.bands);
  for (const band of bands) how.push(s.band(bandRange(band), num(band.points)));
  if (item.mode === "yes_no") {
    how.push(s.howYes(num(item.yes_points ?? item.max_points), num(item.no_points ?? 0)));
  }
  for (const choice of list(item.choices)) how.push(s.band(text(choice.label), num(choice.points)));
  if (item.mode === "number") how.push(s.howNumber(num(item.max_points)));
  const overrides = list(item.overrides).length;
  if (overrides) how.push(s.overrides(overrides));
  return how;
}

export function readableSheet(definition: Raw): ReadableSheet {
  const levels = list(definition.levels);
  const levelName = (code: unknown) =>
    text(levels.find((l) => l.code === code)?.name) || s.levels;
  return {
    total: typeof definition.total_points === "number" ? num(definition.total_points) : null,
    levels: [...levels]
      .sort((a, b) => Number(b.min_points) - Number(a.min_points))
      .map((l) => ({ name: text(l.name), from: num(l.min_points) })),
    criteria: list(definition.criteria).map((c) => ({
      title: text(c.title),
      points: num(c.max_points),
      items: list(c.items).map((i) => ({
        title: text(i.title),
        points: num(i.max_points),
        how: howScored(i),
        hint: text(i.hint) || null,
      })),
    })),
    caps: list(definition.caps).map((c) => ({
      level: levelName(c.max_level),
      note: text(c.note) || null,
    })),
  };
}
