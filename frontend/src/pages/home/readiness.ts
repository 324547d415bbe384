// What a cell's next meeting still needs before it is held, decided the way the backend's
// compliance report decides it (backend/chibo/meetings/compliance.py): the notice sent, every
// document sent at least `documents_days_before` days ahead, and a committee meeting held in
// the weeks before (or the linked preparation meeting). Pure: the home screen feeds it data.

export type NeedKey = "notice" | "documents" | "committee";
/** done: met; todo: still possible in time; late: the deadline has passed unmet. */
export type NeedState = "done" | "todo" | "late";

export interface Need {
  key: NeedKey;
  state: NeedState;
  /** Why, in facts the screen puts into words (counts, dates). */
  facts: {
    at?: string | null;
    documents?: number;
    unsent?: number;
    deadline?: string;
    committeeMeetingId?: number | null;
    committeePlanned?: boolean;
  };
}

export interface MeetingLike {
  id: number;
  unit_id: number;
  meeting_type: string;
  status: string;
  planned_start: string;
  announced_at?: string | null;
  preparation_meeting_id?: number | null;
}

export interface DocumentLike {
  sent_at?: string | null;
  withdrawn_at?: string | null;
}

export interface NormsLike {
  documents_days_before?: number;
  committee_meeting_before?: boolean;
}

/** How long before a cell meeting its committee meeting may be held and still prepare it. */
export const COMMITTEE_LEAD_DAYS = 20;
const DAY = 24 * 3600 * 1000;
const HELD = new Set(["held", "minutes_final"]);
const OVER = new Set(["held", "minutes_final", "cancelled"]);

/**
 * The meeting to prepare: the first one not yet over, committee meetings aside (they are the
 * preparation, not the thing prepared). `meetings` is in planned order, as the API lists them.
 */
export function nextMeeting<M extends MeetingLike>(meetings: M[], now: Date): M | null {
  const upcoming = meetings.filter(
    (m) =>
      !OVER.has(m.status) &&
      // A meeting in progress stays "next" until it ends; a forgotten draft in the past does not.
      (m.status === "in_progress" || Date.parse(m.planned_start) >= now.getTime() - DAY / 4),
  );
  return upcoming.find((m) => m.meeting_type !== "committee") ?? upcoming[0] ?? null;
}

/** The latest moment documents may be sent and still count as on time. */
export function documentsDeadline(plannedStart: string, daysBefore: number): Date {
  return new Date(Date.parse(plannedStart) - daysBefore * DAY);
}

/** Whether one of the cell's committee meetings prepared this meeting, as compliance decides. */
export function preparedBy(meeting: MeetingLike, committee: MeetingLike): boolean {
  if (committee.meeting_type !== "committee" || committee.unit_id !== meeting.unit_id) return false;
  if (committee.id === meeting.id) return false;
  if (committee.id === meeting.preparation_meeting_id) return true;
  const start = Date.parse(committee.planned_start);
  const planned = Date.parse(meeting.planned_start);
  return start >= planned - COMMITTEE_LEAD_DAYS * DAY && start < planned;
}

export function readiness(
  meeting: MeetingLike,
  documents: DocumentLike[],
  committeeMeetings: MeetingLike[],
  norms: NormsLike,
  now: Date,
): Need[] {
  const started = now.getTime() >= Date.parse(meeting.planned_start);
  const needs: Need[] = [];

  needs.push({
    key: "notice",
    state: meeting.announced_at ? "done" : started ? "late" : "todo",
    facts: { at: meeting.announced_at ?? null },
  });

  const live = documents.filter((d) => !d.withdrawn_at);
  const unsent = live.filter((d) => !d.sent_at);
  const deadline = documentsDeadline(meeting.planned_start, norms.documents_days_before ?? 1);
  const lastSent = live.reduce<number | null>(
    (last, d) => (d.sent_at ? Math.max(last ?? 0, Date.parse(d.sent_at)) : last),
    null,
  );
  const sentInTime = live.length > 0 && unsent.length === 0 && lastSent !== null;
  const docsState: NeedState =
    sentInTime && lastSent <= deadline.getTime()
      ? "done"
      : now.getTime() > deadline.getTime()
        ? "late"
        : "todo";
  needs.push({
    key: "documents",
    state: docsState,
    facts: {
      documents: live.length,
      unsent: unsent.length,
      deadline: deadline.toISOString(),
      at: lastSent === null ? null : new Date(lastSent).toISOString(),
    },
  });

  if (norms.committee_meeting_before ?? true) {
    const preparing = committeeMeetings.filter(
      (c) => preparedBy(meeting, c) && c.status !== "cancelled",
    );
    const held = preparing.find((c) => HELD.has(c.status));
    const planned = preparing.find((c) => !HELD.has(c.status));
    needs.push({
      key: "committee",
      state: held ? "done" : started ? "late" : "todo",
      facts: {
        committeeMeetingId: (held ?? planned)?.id ?? null,
        committeePlanned: !held && planned !== undefined,
        at: (held ?? planned)?.planned_start ?? null,
      },
    });
  }
  return needs;
}

/** How many needs are still open (todo or late): the home screen's headline figure. */
export function openNeeds(needs: Need[]): number {
  return needs.filter((n) => n.state !== "done").length;
}
