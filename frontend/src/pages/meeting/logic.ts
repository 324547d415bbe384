// What the meeting screens compute in the browser, kept pure so that it is unit-tested.
import type { MeetingStatus } from "./types";

/** Roles that run meetings (the cell's secretary and the committees above); others follow. */
const MANAGER_ROLES = new Set(["admin", "superior_committee", "base_committee", "cell_secretary"]);

export function managesMeetings(role: string): boolean {
  return MANAGER_ROLES.has(role);
}

/** Minutes final or cancelled: the meeting is only read from then on. */
export function isLocked(status: MeetingStatus): boolean {
  return status === "minutes_final" || status === "cancelled";
}

/** Votes, speeches, minutes, resolutions and the task review are recorded in these. */
export function isRecording(status: MeetingStatus): boolean {
  return status === "in_progress" || status === "held";
}

export function hasStarted(status: MeetingStatus): boolean {
  return status === "in_progress" || status === "held" || status === "minutes_final";
}

interface Timed {
  state: string;
  spoken_seconds: number;
  segment_started_at: string | null;
}

/** Speaking time now: the finished segments plus the running one, on the server's clock. */
export function elapsedSeconds(speech: Timed, serverNowMs: number): number {
  if (speech.state !== "speaking" || !speech.segment_started_at) return speech.spoken_seconds;
  const running = Math.floor((serverNowMs - Date.parse(speech.segment_started_at)) / 1000);
  return speech.spoken_seconds + Math.max(0, running);
}

/** How far the server's clock is ahead of this device's, in ms. */
export function clockOffset(serverTime: string, clientNowMs: number): number {
  return Date.parse(serverTime) - clientNowMs;
}

/** 75 -> "01:15"; 3725 -> "1:02:05". */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}:${two(m)}:${two(s % 60)}` : `${two(m)}:${two(s % 60)}`;
}

/** The list with the element at `index` moved by `delta` places (unchanged at the ends). */
export function move<T>(items: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  const out = [...items];
  if (index < 0 || index >= out.length || target < 0 || target >= out.length) return out;
  [out[index], out[target]] = [out[target], out[index]];
  return out;
}


/** A whole number typed into a form, or null when empty or not a whole number ≥ 0. */
export function count(value: string): number | null {
  const trimmed = value.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

export type SectionKey =
  | "overview"
  | "agenda"
  | "documents"
  | "roll"
  | "speakers"
  | "votes"
  | "minutes"
  | "resolutions"
  | "review"
  | "rating";

/** The workspace's sections for a meeting, in order. */
export function sectionsOf(status: MeetingStatus, regular: boolean): SectionKey[] {
  if (status === "cancelled") return ["overview", "agenda"];
  const before: SectionKey[] = ["overview", "agenda", "documents"];
  if (!hasStarted(status)) return regular ? [...before, "review"] : before;
  const during: SectionKey[] = ["roll", "speakers", "votes", "minutes", "resolutions"];
  // Held meetings are rated (Quy định 17): the cell's self-rating follows the record.
  const after: SectionKey[] = status === "in_progress" ? [] : ["rating"];
  return [...before, ...(regular ? ["review" as const] : []), ...during, ...after];
}

/** Sections open at first: what the secretary does next in this state. */
export function openSectionsOf(status: MeetingStatus): SectionKey[] {
  switch (status) {
    case "draft":
    case "announced":
      return ["overview", "documents"];
    case "in_progress":
      return ["roll", "speakers"];
    case "held":
      return ["votes", "minutes"];
    case "minutes_final":
      return ["overview", "minutes"];
    default:
      return ["overview"];
  }
}

export type Mark = "present" | "late" | "excused" | "unexcused";

/** The mark a tap on a roll choice leaves: tapping the chosen one again clears it (null). */
export function nextMark(current: Mark | null, tapped: Mark): Mark | null {
  return current === tapped ? null : tapped;
}

interface RollLine {
  status: Mark | null;
  excluded_from_base: string | null;
}

function came(row: RollLine): boolean {
  return row.status === "present" || row.status === "late";
}

/**
 * Members outside the base (exempt, or attending another cell) who came anyway: listed as
 * present but never counted in the base (the server's figures leave them out).
 */
export function presentOutsideBase(rows: readonly RollLine[]): number {
  return rows.filter((row) => row.excluded_from_base && came(row)).length;
}

/** Whose rows of the roll an `attendance` event says changed (null: anyone's, or unknown). */
export function rollChangeOf(data: unknown): number[] | null {
  const ids = (data as { member_ids?: unknown } | null)?.member_ids;
  return Array.isArray(ids) && ids.every((id) => typeof id === "number") ? ids : null;
}

/** Whether a change of the roll may concern this member's row. */
export function concerns(memberIds: number[] | null, memberId: number | null | undefined) {
  return memberIds === null || (memberId != null && memberIds.includes(memberId));
}

/** The quorum as the server reports it (roll call summary, voting base). */
export interface QuorumFigures {
  voting_base: number;
  present: number;
  required: number;
  met: boolean;
  share: string;
}

/** How many more members entitled to vote must come before the meeting may decide. */
export function quorumMissing(q: QuorumFigures): number {
  if (q.voting_base === 0) return 0;
  return Math.max(0, q.required - q.present);
}

/** "trên 1/2" (more than), "từ 2/3 trở lên" (at least): how a threshold reads in Vietnamese. */
export function thresholdWording(comparison: string, share: string): string {
  return comparison === "more_than" ? `trên ${share}` : `từ ${share} trở lên`;
}

/**
 * Whole minutes by which starting now would be early (0 when on time or late). The server
 * refuses a start more than the norms' margin (2 hours by default) ahead of the plan; inside
 * the margin the web app asks for confirmation first.
 */
export function minutesEarly(plannedStart: string, nowMs: number): number {
  const ahead = Date.parse(plannedStart) - nowMs;
  return ahead > 0 ? Math.ceil(ahead / 60000) : 0;
}
