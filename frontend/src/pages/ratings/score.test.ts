// The browser's engine against the backend's worked examples (tests/test_rating_engine.py),
// on the backend's own sheet files: what the scorer sees live is what the server stores.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import {
  changedEntries,
  entriesToSend,
  isJudged,
  itemsOf,
  levelFor,
  proposable,
  score,
  type Entry,
  type Facts,
  type Sheet,
} from "./score";

const SHEETS = new URL("../../../../backend/chibo/ratings/sheets/", import.meta.url);
const load = (name: string): Sheet =>
  JSON.parse(readFileSync(fileURLToPath(new URL(name, SHEETS)), "utf-8")) as Sheet;

const REGULAR = load("qd17-regular.v1.json");
const THEMATIC = load("qd17-thematic.v1.json");

function facts(values: Facts = {}): Facts {
  return {
    duration_shortfall_minutes: 0, attendance_rate: 100, unexcused_count: 0,
    no_long_excused_streak: true, committee_meeting_before: true, notice_sent: true,
    documents_on_time: true, draft_resolution_sent: true, speaker_share: 60,
    minutes_complete: true, ideology_minutes: 20, documents_posted: true,
    previous_tasks_done_share: 100, conclusion_adopted: true, tasks_assigned: true,
    minutes_final_on_time: true, topic_registered: true,
    ...values,
  }; // prettier-ignore
}

function fullMarks(sheet: Sheet): Record<string, Entry> {
  return Object.fromEntries(
    itemsOf(sheet)
      .filter((i) => i.source === "judged")
      .map((i) => [i.code, { points: i.max_points }]),
  );
}

function points(sheet: Sheet, item: string, values: Facts): number {
  const result = score(sheet, facts(values), fullMarks(sheet));
  return result.items.find((r) => r.code === item)!.points;
}

describe("the rating engine, as the server scores", () => {
  it("scores a perfect meeting 100 and good on both sheets", () => {
    for (const sheet of [REGULAR, THEMATIC]) {
      const result = score(sheet, facts(), fullMarks(sheet));
      expect([result.total, result.level, result.problems]).toEqual([100, "good", []]);
    }
  });

  it.each([
    [100, 4], [90, 4], [89.99, 3], [75, 3], [74.99, 2], [65, 2], [64.99, 1], [0, 1],
  ])("attendance %s%% gives %s points", (rate, expected) => {
    expect(points(REGULAR, "c2.rate", { attendance_rate: rate })).toBe(expected);
  });

  it("scores attendance 1 on any unexcused absence and caps the level", () => {
    expect(points(REGULAR, "c2.rate", { attendance_rate: 95, unexcused_count: 1 })).toBe(1);
    const result = score(
      REGULAR,
      facts({ attendance_rate: 95, unexcused_count: 1 }),
      fullMarks(REGULAR),
    );
    expect(result.total).toBe(97);
    expect([result.levelByPoints, result.level]).toEqual(["good", "fair"]);
    expect(result.capsApplied).toEqual(["unexcused_not_good"]);
  });

  it.each([
    [0, 5], [1, 4], [9.5, 4], [10, 3], [20, 2], [29, 2], [30, 1],
  ])("duration short by %s minutes gives %s points", (shortfall, expected) => {
    expect(points(REGULAR, "c1.duration", { duration_shortfall_minutes: shortfall })).toBe(
      expected,
    );
  });

  it.each([
    [100, 5], [50.01, 5], [50, 4], [40, 4], [39.99, 3], [30, 3], [29.99, 2],
  ])("speakers %s%% gives %s points", (share, expected) => {
    expect(points(REGULAR, "c4.speakers", { speaker_share: share })).toBe(expected);
  });

  it.each([
    [100, 30], [90, 30], [89.9, 27], [80, 27], [70, 24], [60, 20], [50, 15], [49.9, 10],
  ])("last month's tasks %s%% done gives %s points", (share, expected) => {
    expect(points(REGULAR, "c7.tasks", { previous_tasks_done_share: share })).toBe(expected);
  });

  it.each([[14, 0], [15, 1], [30, 1], [31, 0]])(
    "%s minutes on ideology gives %s points",
    (minutes, expected) => {
      expect(points(REGULAR, "c4.ideology", { ideology_minutes: minutes })).toBe(expected);
    },
  );

  it("puts levels at their thresholds", () => {
    const cases: [number, string][] = [
      [90, "good"], [89.5, "fair"], [70, "fair"], [69, "average"], [50, "average"], [49.5, "poor"],
    ]; // prettier-ignore
    for (const [total, level] of cases) expect(levelFor(REGULAR, total)).toBe(level);
  });

  it("caps the level at fair when attendance is 85% on the regular sheet", () => {
    const result = score(REGULAR, facts({ attendance_rate: 85 }), fullMarks(REGULAR));
    expect(result.total).toBe(99);
    expect(result.level).toBe("fair");
    expect(result.capsApplied).toEqual(["attendance_not_good"]);
  });

  it("wants a note to deduct and keeps judged points within the maximum", () => {
    const entries = fullMarks(REGULAR);
    entries["c5.chairing"] = { points: 8 };
    entries["c6.principles"] = { points: 6 };
    const result = score(REGULAR, facts(), entries);
    expect(new Set(result.problems.map((p) => `${p.item} ${p.code}`))).toEqual(
      new Set(["c5.chairing deduction_needs_note", "c6.principles score_above_max"]),
    );
    entries["c5.chairing"] = { points: 8, note: "Chưa phát huy dân chủ" };
    entries["c6.principles"] = { points: 5 };
    const ok = score(REGULAR, facts(), entries);
    expect(ok.problems).toEqual([]);
    expect(ok.total).toBe(98);
  });

  it("falls back to the scorer when a fact is missing", () => {
    const values = facts({ previous_tasks_done_share: null });
    const missing = score(REGULAR, values, fullMarks(REGULAR));
    expect(missing.problems.map((p) => p.code)).toEqual(["item_not_scored"]);
    const c7 = itemsOf(REGULAR).find((i) => i.code === "c7.tasks")!;
    expect(isJudged(c7, values)).toBe(true);
    const entries = { ...fullMarks(REGULAR), "c7.tasks": { points: 30 } };
    expect(score(REGULAR, values, entries).total).toBe(100);
  });

  it("names entries for items the sheet does not have", () => {
    const result = score(REGULAR, facts(), { ...fullMarks(REGULAR), "c9.moon": { points: 1 } });
    expect(result.problems).toEqual([{ item: "c9.moon", code: "unknown_item" }]);
  });
});

describe("what the browser sends and offers", () => {
  it("sends only what the server accepts: points for judged items, notes for computed ones", () => {
    const values = facts({ previous_tasks_done_share: null });
    const sent = entriesToSend(REGULAR, values, {
      "c1.duration": { points: 5, note: " Đủ thời lượng " },
      "c5.chairing": { points: 9, note: "Kết luận chưa rõ" },
      "c7.tasks": { points: 27 },
      "c6.principles": { points: 5, note: "  " },
    });
    expect(sent).toEqual({
      "c1.duration": { note: "Đủ thời lượng" },
      "c5.chairing": { points: 9, note: "Kết luận chưa rõ" },
      "c7.tasks": { points: 27 },
      "c6.principles": { points: 5 },
    });
  });

  it("offers the level the points give and those below it", () => {
    expect(proposable("good")).toEqual(["good", "fair", "average", "poor"]);
    expect(proposable("average")).toEqual(["average", "poor"]);
  });

  it("sends the committee's changes only", () => {
    const before = { "c5.chairing": { points: 10 }, "c6.principles": { points: 5 } };
    const next = {
      "c5.chairing": { points: 8, note: "Kết luận chưa rõ" },
      "c6.principles": { points: 5 },
    };
    expect(changedEntries(before, next)).toEqual({
      "c5.chairing": { points: 8, note: "Kết luận chưa rõ" },
    });
    expect(changedEntries(before, before)).toEqual({});
  });
});

// Version 2 of the sheets (migration 0014): the backend's tests/test_rating_engine.py cases
// for the HD 12 caps, the step and exact totals, replayed on the same files.
const REGULAR_V2 = load("qd17-regular.v2.json");
const THEMATIC_V2 = load("qd17-thematic.v2.json");

describe("version 2: the quality bar, the step, exact totals", () => {
  it.each<[Facts, number, string[]]>([
    [{}, 100, []],
    [{ duration_shortfall_minutes: 1 }, 99, ["duration_short_not_good"]],
    [{ committee_meeting_before: false }, 98, ["no_committee_meeting_not_good"]],
    [{ unexcused_count: 1 }, 97, ["unexcused_not_good"]],
    [{ attendance_rate: 85 }, 99, ["attendance_not_good"]],
    [
      { duration_shortfall_minutes: 10, committee_meeting_before: false, unexcused_count: 2 },
      93,
      ["duration_short_not_good", "no_committee_meeting_not_good", "unexcused_not_good"],
    ],
  ])("caps the regular sheet: %o gives %s and %o", (values, total, caps) => {
    const result = score(REGULAR_V2, facts(values), fullMarks(REGULAR_V2));
    expect([result.total, result.levelByPoints]).toEqual([total, "good"]);
    expect(result.level).toBe(caps.length ? "fair" : "good");
    expect(result.capsApplied).toEqual(caps);
    for (const cap of result.caps) {
      expect(cap.max_level).toBe("fair");
      expect(cap.note).toContain("HD 12-HD/BTCTW");
    }
  });

  it("caps the thematic sheet too", () => {
    const result = score(
      THEMATIC_V2,
      facts({ duration_shortfall_minutes: 5, committee_meeting_before: false }),
      fullMarks(THEMATIC_V2),
    );
    expect([result.total, result.levelByPoints, result.level]).toEqual([99, "good", "fair"]);
    expect(result.capsApplied).toEqual(["duration_short_not_good", "no_committee_meeting_not_good"]);
  });

  it("does not list a cap that holds nothing down", () => {
    const values = facts({ duration_shortfall_minutes: 30, previous_tasks_done_share: null });
    const entries = { ...fullMarks(REGULAR_V2), "c7.tasks": { points: 0, note: "Chưa làm" } };
    const result = score(REGULAR_V2, values, entries);
    expect([result.total, result.level, result.capsApplied]).toEqual([66, "average", []]);
  });

  it("keeps judged points to the sheet's step (0.5)", () => {
    for (const bad of [4.3, 0.25, 2.9999]) {
      const entries = { ...fullMarks(REGULAR_V2), "c6.principles": { points: bad, note: "Chưa" } };
      const result = score(REGULAR_V2, facts(), entries);
      expect(result.problems).toEqual([{ item: "c6.principles", code: "points_off_step" }]);
    }
    const entries = { ...fullMarks(REGULAR_V2), "c6.principles": { points: 4.5, note: "Chưa" } };
    expect(score(REGULAR_V2, facts(), entries).total).toBe(99.5);
  });

  it("adds exactly and chooses the level on the exact total (89.996 is Khá)", () => {
    const fine: Sheet = { ...REGULAR_V2, points_step: 0.001 };
    const entries: Record<string, Entry> = {
      ...fullMarks(fine),
      "c4.content": { points: 5.996, note: "Dàn trải" },
    };
    expect(score(fine, facts(), entries).total).toBe(95.996);
    entries["c5.chairing"] = { points: 4, note: "Chưa rõ" };
    const result = score(fine, facts(), entries);
    expect([result.total, result.levelByPoints]).toEqual([89.996, "fair"]);
    // Tenths added as floats drift (0.1 + 0.2 is not 0.3); in thousandths they do not.
    const tenths: Record<string, Entry> = {
      ...fullMarks(fine),
      "c4.praise": { points: 0.1, note: "Chưa" },
      "c6.principles": { points: 0.2, note: "Chưa" },
    };
    expect(score(fine, facts(), tenths).total).toBe(93.3);
  });

  it("puts levels at their thresholds on the exact total", () => {
    const cases: [number, string][] = [
      [90, "good"], [89.999, "fair"], [89.996, "fair"], [89.5, "fair"], [70, "fair"],
      [69.5, "average"], [50, "average"], [49.5, "poor"],
    ]; // prettier-ignore
    for (const [total, level] of cases) expect(levelFor(REGULAR_V2, total)).toBe(level);
  });
});
