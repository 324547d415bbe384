import { describe, expect, it } from "vitest";

import { nextMeeting, openNeeds, preparedBy, readiness, type MeetingLike } from "./readiness";

const meeting: MeetingLike = {
  id: 81,
  unit_id: 3,
  meeting_type: "regular",
  status: "announced",
  planned_start: "2026-11-27T01:00:00Z",
  announced_at: "2026-11-23T09:00:00Z",
  preparation_meeting_id: null,
};
const committee = (over: Partial<MeetingLike>): MeetingLike => ({
  id: 25,
  unit_id: 3,
  meeting_type: "committee",
  status: "minutes_final",
  planned_start: "2026-11-23T07:00:00Z",
  ...over,
});
const norms = { documents_days_before: 1, committee_meeting_before: true };
const now = new Date("2026-11-25T08:00:00Z");
const stateOf = (needs: ReturnType<typeof readiness>, key: string) =>
  needs.find((n) => n.key === key)?.state;

describe("the next meeting to prepare", () => {
  const list: MeetingLike[] = [
    { ...meeting, id: 1, status: "minutes_final", planned_start: "2026-10-01T01:00:00Z" },
    { ...meeting, id: 2, status: "draft", planned_start: "2026-11-01T01:00:00Z" },
    committee({ id: 3, status: "announced", planned_start: "2026-11-26T01:00:00Z" }),
    { ...meeting, id: 4 },
    { ...meeting, id: 5, status: "draft", planned_start: "2026-12-01T01:00:00Z" },
  ];
  it("skips meetings over, stale drafts and committee meetings", () => {
    expect(nextMeeting(list, now)?.id).toBe(4);
  });
  it("keeps a meeting in progress even after its planned start", () => {
    const running = {
      ...meeting,
      id: 9,
      status: "in_progress",
      planned_start: "2026-11-20T01:00:00Z",
    };
    expect(nextMeeting([running, ...list], now)?.id).toBe(9);
  });
  it("falls back to a committee meeting when nothing else is planned", () => {
    expect(nextMeeting([list[2]], now)?.id).toBe(3);
    expect(nextMeeting([], now)).toBeNull();
  });
});

describe("what the meeting still needs", () => {
  it("counts the notice as done once announced", () => {
    const needs = readiness(meeting, [], [], norms, now);
    expect(stateOf(needs, "notice")).toBe("done");
    expect(
      stateOf(readiness({ ...meeting, announced_at: null }, [], [], norms, now), "notice"),
    ).toBe("todo");
  });

  it("wants every document sent a day ahead", () => {
    const sent = { sent_at: "2026-11-24T09:00:00Z" };
    expect(stateOf(readiness(meeting, [sent], [], norms, now), "documents")).toBe("done");
    // None uploaded yet, still in time.
    const none = readiness(meeting, [], [], norms, now);
    expect(stateOf(none, "documents")).toBe("todo");
    expect(none[1].facts.documents).toBe(0);
    // One still unsent: not done, even though another went out.
    const partly = readiness(meeting, [sent, { sent_at: null }], [], norms, now);
    expect(stateOf(partly, "documents")).toBe("todo");
    expect(partly[1].facts.unsent).toBe(1);
    // A withdrawn document does not count either way.
    const withdrawn = { sent_at: null, withdrawn_at: "2026-11-24T10:00:00Z" };
    expect(stateOf(readiness(meeting, [sent, withdrawn], [], norms, now), "documents")).toBe(
      "done",
    );
  });

  it("calls documents late once the day-ahead deadline has passed", () => {
    const after = new Date("2026-11-26T02:00:00Z");
    expect(stateOf(readiness(meeting, [], [], norms, after), "documents")).toBe("late");
    const sentLate = { sent_at: "2026-11-26T03:00:00Z" };
    expect(stateOf(readiness(meeting, [sentLate], [], norms, after), "documents")).toBe("late");
  });

  it("counts a committee meeting held within 20 days before, or the linked one", () => {
    expect(stateOf(readiness(meeting, [], [committee({})], norms, now), "committee")).toBe("done");
    const old = committee({ planned_start: "2026-10-20T07:00:00Z" });
    expect(stateOf(readiness(meeting, [], [old], norms, now), "committee")).toBe("todo");
    const linked = { ...meeting, preparation_meeting_id: 25 };
    expect(stateOf(readiness(linked, [], [old], norms, now), "committee")).toBe("done");
  });

  it("does not count a committee meeting only planned, but names it", () => {
    const planned = committee({ status: "announced" });
    const need = readiness(meeting, [], [planned], norms, now)[2];
    expect(need.state).toBe("todo");
    expect(need.facts).toMatchObject({ committeeMeetingId: 25, committeePlanned: true });
  });

  it("ignores another cell's committee meeting", () => {
    expect(preparedBy(meeting, committee({ unit_id: 4 }))).toBe(false);
  });

  it("leaves the committee out when the norms do not ask for it", () => {
    const needs = readiness(meeting, [], [], { committee_meeting_before: false }, now);
    expect(needs.map((n) => n.key)).toEqual(["notice", "documents"]);
    expect(openNeeds(needs)).toBe(1);
  });
});
