import { describe, expect, it } from "vitest";

import {
  clockOffset,
  minutesEarly,
  concerns,
  count,
  elapsedSeconds,
  formatClock,
  managesMeetings,
  move,
  nextMark,
  openSectionsOf,
  presentOutsideBase,
  quorumMissing,
  rollChangeOf,
  sectionsOf,
  thresholdWording,
} from "./logic";
import { parseSse } from "../../api/live";

describe("the speaker's timer", () => {
  const started = "2026-11-26T07:00:00Z";
  it("adds the running segment to the finished ones, on the server's clock", () => {
    const speech = { state: "speaking", spoken_seconds: 30, segment_started_at: started };
    expect(elapsedSeconds(speech, Date.parse(started) + 45_500)).toBe(75);
  });
  it("stands still while paused", () => {
    const speech = { state: "paused", spoken_seconds: 30, segment_started_at: null };
    expect(elapsedSeconds(speech, Date.parse(started) + 999_000)).toBe(30);
  });
  it("never runs backwards when this device's clock is behind", () => {
    const speech = { state: "speaking", spoken_seconds: 5, segment_started_at: started };
    expect(elapsedSeconds(speech, Date.parse(started) - 3000)).toBe(5);
  });
  it("measures the server clock's lead over the device", () => {
    expect(clockOffset("2026-11-26T07:00:10Z", Date.parse("2026-11-26T07:00:00Z"))).toBe(10_000);
  });
  it("shows minutes and seconds, and hours when needed", () => {
    expect(formatClock(0)).toBe("00:00");
    expect(formatClock(75)).toBe("01:15");
    expect(formatClock(3725)).toBe("1:02:05");
  });
});

describe("the live stream's parser", () => {
  it("splits complete events, joins data lines, skips comments and keeps the tail", () => {
    const chunk = parseSse(
      'retry: 2000\n\nevent: speakers\ndata: {"a":1}\n\n: keep-alive\n\ndata: x\ndata: y\n\nevent: speak',
    );
    expect(chunk.retry).toBe(2000);
    expect(chunk.events).toEqual([
      { event: "speakers", data: '{"a":1}' },
      { event: "message", data: "x\ny" },
    ]);
    expect(chunk.rest).toBe("event: speak");
  });
  it("reads CRLF line ends", () => {
    expect(parseSse("event: a\r\ndata: 1\r\n\r\n").events).toEqual([{ event: "a", data: "1" }]);
  });
});

describe("workspace helpers", () => {
  it("moves an item up or down, and not past the ends", () => {
    expect(move([1, 2, 3], 1, -1)).toEqual([2, 1, 3]);
    expect(move([1, 2, 3], 1, 1)).toEqual([1, 3, 2]);
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
  });
  it("takes whole numbers only", () => {
    expect(count(" 12 ")).toBe(12);
    expect(count("")).toBeNull();
    expect(count("1,5")).toBeNull();
    expect(count("-1")).toBeNull();
  });
  it("lets managers run meetings and members follow them", () => {
    expect(managesMeetings("cell_secretary")).toBe(true);
    expect(managesMeetings("base_committee")).toBe(true);
    expect(managesMeetings("member")).toBe(false);
  });
  it("shows the sections a meeting's state calls for", () => {
    expect(sectionsOf("draft", false)).toEqual(["overview", "agenda", "documents"]);
    expect(sectionsOf("in_progress", true)).toContain("review");
    expect(sectionsOf("in_progress", false)).not.toContain("review");
    expect(sectionsOf("held", false)).toContain("minutes");
    expect(sectionsOf("cancelled", true)).toEqual(["overview", "agenda"]);
    expect(openSectionsOf("in_progress")).toEqual(["roll", "speakers"]);
  });
});

describe("the roll", () => {
  it("marks with one tap and clears with a second tap on the same choice", () => {
    expect(nextMark(null, "present")).toBe("present");
    expect(nextMark("present", "late")).toBe("late");
    expect(nextMark("excused", "excused")).toBeNull();
  });
  it("counts who came from outside the base, never those in it or those away", () => {
    const rows = [
      { status: "present" as const, excluded_from_base: "exempt" },
      { status: "late" as const, excluded_from_base: "transferred_out" },
      { status: null, excluded_from_base: "exempt" },
      { status: "present" as const, excluded_from_base: null },
      { status: "unexcused" as const, excluded_from_base: null },
    ];
    expect(presentOutsideBase(rows)).toBe(2);
    expect(presentOutsideBase([])).toBe(0);
  });
});

describe("word of a change of the roll", () => {
  it("reads whose rows changed, or null when the event does not say", () => {
    expect(rollChangeOf({ meeting_id: 1, member_ids: [4, 7] })).toEqual([4, 7]);
    expect(rollChangeOf({ meeting_id: 1, member_ids: [] })).toEqual([]);
    expect(rollChangeOf({ meeting_id: 1, member_ids: null })).toBeNull();
    expect(rollChangeOf({ meeting_id: 1 })).toBeNull();
    expect(rollChangeOf({ member_ids: ["4"] })).toBeNull();
    expect(rollChangeOf(null)).toBeNull();
  });
  it("concerns a member when their row is named, or when nobody knows whose", () => {
    expect(concerns([4, 7], 7)).toBe(true);
    expect(concerns([4, 7], 8)).toBe(false);
    expect(concerns([], 8)).toBe(false);
    expect(concerns(null, 8)).toBe(true);
    expect(concerns([4], null)).toBe(false);
  });
});

describe("the quorum and the thresholds", () => {
  const quorum = (voting_base: number, present: number, required: number) => ({
    voting_base,
    present,
    required,
    met: voting_base > 0 && present >= required,
    share: "2/3",
  });
  it("says how many more must come: 6 of 9 needed, 5 present -> 1", () => {
    expect(quorumMissing(quorum(9, 5, 6))).toBe(1);
    expect(quorumMissing(quorum(10, 4, 7))).toBe(3);
  });
  it("asks for nobody once the quorum is met, or when nobody may vote", () => {
    expect(quorumMissing(quorum(9, 7, 6))).toBe(0);
    expect(quorumMissing(quorum(0, 0, 0))).toBe(0);
  });
  it("words 'more than' and 'at least' as the minutes do", () => {
    expect(thresholdWording("more_than", "1/2")).toBe("trên 1/2");
    expect(thresholdWording("at_least", "2/3")).toBe("từ 2/3 trở lên");
  });
});

describe("starting early", () => {
  // Planned 08:00 in Hà Tĩnh = 01:00 UTC.
  const planned = "2036-03-03T01:00:00Z";
  it("counts whole minutes ahead of the plan", () => {
    expect(minutesEarly(planned, Date.parse("2036-03-02T23:00:00Z"))).toBe(120); // 06:00
    expect(minutesEarly(planned, Date.parse("2036-03-03T00:59:30Z"))).toBe(1);
  });
  it("is 0 on time or late", () => {
    expect(minutesEarly(planned, Date.parse(planned))).toBe(0);
    expect(minutesEarly(planned, Date.parse("2036-03-03T01:05:00Z"))).toBe(0);
  });
});
