// Decisions of the members screens that do not need React: who may manage a record, when a
// probation is due, the periods the activity tabs offer, and figures as people read them.
import type { components } from "../../api/schema";
import { addMonths, parseDate, probationEnd } from "./dates";
import { EMPTY_MEMBER, type MemberValues } from "./validation";

type Member = components["schemas"]["MemberRead"];
type Role = string;

const MANAGERS = new Set(["admin", "superior_committee", "base_committee", "cell_secretary"]);

/** Roles that may add members (to a cell of their subtree) and change records. */
export function canManageMembers(role: Role | undefined): boolean {
  return role !== undefined && MANAGERS.has(role);
}

/**
 * Whether the caller may change this record: a managing role, and the member's home cell in
 * the caller's subtree. The API shows citizen id and phone to exactly those callers among
 * managers (`sensitive_visible`), so a member hosted temporarily from elsewhere is read-only.
 */
export function canManage(role: Role | undefined, member: Member): boolean {
  return canManageMembers(role) && member.sensitive_visible;
}

/** The day the probation is complete, or null when it does not apply. */
export function probationDueOn(member: Member): string | null {
  if (member.status !== "probationary" || !member.admission_date) return null;
  return probationEnd(member.admission_date);
}

export function isProbationDue(member: Member, today: string): boolean {
  const due = probationDueOn(member);
  return member.state === "active" && due !== null && due <= today;
}

export type PeriodKey = "year" | "last12" | "lastYear";
export const PERIODS: PeriodKey[] = ["last12", "year", "lastYear"];

/** The first and last day (yyyy-mm-dd) of a period, as of `today`. */
export function periodRange(key: PeriodKey, today: string): { from: string; to: string } {
  const year = Number(today.slice(0, 4));
  if (key === "year") return { from: `${year}-01-01`, to: today };
  if (key === "lastYear") return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  // The day after the same day a year ago, so that exactly twelve months are covered.
  const start = addMonths(today, -12);
  const next = new Date(`${start}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return { from: next.toISOString().slice(0, 10), to: today };
}

/** 0.8333 -> "83%"; null (no meeting expected) -> null. */
export function formatRate(rate: number | null | undefined): string | null {
  if (rate === null || rate === undefined) return null;
  return `${Math.round(rate * 100)}%`;
}

/** The form's values for a loaded record (dates as dd/mm/yyyy). */
export function valuesOf(member: Member): MemberValues {
  const date = (v: string | null) => (v ? v.split("-").reverse().join("/") : "");
  return {
    ...EMPTY_MEMBER,
    unit_id: String(member.unit_id),
    group_id: member.group_id ? String(member.group_id) : "",
    full_name: member.full_name,
    status: member.status,
    gender: member.gender ?? "",
    date_of_birth: date(member.date_of_birth),
    admission_date: date(member.admission_date),
    official_date: date(member.official_date),
    party_card_number: member.party_card_number ?? "",
    external_id: member.external_id ?? "",
    citizen_id: member.citizen_id ?? "",
    phone: member.phone ?? "",
    email: member.email ?? "",
    job_title: member.job_title ?? "",
  };
}

/** A dated period covers `today` (open-ended when there is no end). */
export function isCurrent(start: string, end: string | null, today: string): boolean {
  return start <= today && (end === null || end >= today);
}

/**
 * A start and an optional end typed as dd/mm/yyyy: the ISO dates, or which is wrong
 * ("start" / "end" with "format" or "order").
 */
export function readPeriod(
  startText: string,
  endText: string,
): { start: string; end: string | null } | { field: "start" | "end"; problem: "format" | "order" } {
  const start = parseDate(startText);
  if (!start) return { field: "start", problem: "format" };
  const end = parseDate(endText);
  if (end === undefined) return { field: "end", problem: "format" };
  if (end !== null && end < start) return { field: "end", problem: "order" };
  return { start, end };
}
