// How the record's facts read on screen: "92,5%", "Có", "12 phút", or "no data yet".
import { t } from "../../i18n/vi";
import type { FactValue, Facts } from "./score";

export interface FactInfo {
  name: string;
  label: string;
  kind: string;
  value: FactValue;
  source: string | null;
}

const s = t.ratings.sheet;

export function formatFact(kind: string, value: FactValue | undefined): string {
  if (value === null || value === undefined) return s.unknown;
  if (typeof value === "boolean" || kind === "flag") return value ? s.flag.yes : s.flag.no;
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1).replace(".", ",");
  return kind === "percent" ? `${text}%` : text;
}

export function factMap(facts: FactInfo[]): Record<string, FactInfo> {
  return Object.fromEntries(facts.map((f) => [f.name, f]));
}

export function factValues(facts: FactInfo[]): Facts {
  return Object.fromEntries(facts.map((f) => [f.name, f.value]));
}

/** Points as typed on a phone: "" -> null (not scored); "4,5" -> 4.5; else undefined. */
export function parsePoints(text: string): number | null | undefined {
  const clean = text.trim().replace(",", ".");
  if (!clean) return null;
  if (!/^\d+(\.\d+)?$/.test(clean)) return undefined;
  return Number(clean);
}
