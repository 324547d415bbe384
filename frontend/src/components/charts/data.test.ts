import { describe, expect, it } from "vitest";

import {
  attendancePoints,
  cellAverages,
  cellMeetings,
  dayMonth,
  decimal,
  levelCounts,
  levelPoints,
  shortName,
  spokeSharePoints,
  spread,
  type MeetingStats,
} from "./data";

const row = (over: Partial<MeetingStats>): MeetingStats => ({
  meeting_id: 1,
  unit_id: 3,
  unit_name: "Chi bộ Nội vụ",
  meeting_type: "regular",
  title: "Sinh hoạt chi bộ thường kỳ tháng 01/2026",
  day: "2026-01-02",
  expected: 25,
  present: 24,
  excused: 1,
  unexcused: 0,
  attendance_rate: 96,
  speakers: 10,
  spoke_share: 41.67,
  rating_level: "good",
  rating_total: 94,
  ...over,
});

const rows = [
  row({ meeting_id: 3, day: "2026-03-02", attendance_rate: 80.4, rating_level: "fair" }),
  row({ meeting_id: 2, meeting_type: "committee", day: "2026-01-28" }),
  row({}),
  row({ meeting_id: 4, unit_id: 4, day: "2026-02-01" }),
  row({
    meeting_id: 5,
    day: "2026-04-01",
    attendance_rate: null,
    spoke_share: null,
    rating_level: null,
  }),
];

describe("chart data", () => {
  it("keeps the cell's own whole-cell meetings, in date order", () => {
    expect(cellMeetings(rows, 3).map((r) => r.meeting_id)).toEqual([1, 3, 5]);
    expect(cellMeetings(rows).map((r) => r.meeting_id)).toEqual([1, 4, 3, 5]);
  });
  it("labels points dd/mm and rounds percentages, skipping meetings without figures", () => {
    const cell = cellMeetings(rows, 3);
    expect(attendancePoints(cell).map((p) => [p.label, p.value])).toEqual([
      ["02/01", 96],
      ["02/03", 80],
    ]);
    expect(spokeSharePoints(cell).map((p) => p.value)).toEqual([42, 42]);
    expect(levelPoints(cell).map((p) => p.value)).toEqual([4, 3]);
    expect(dayMonth("2026-11-27")).toBe("27/11");
    expect(decimal(87.5)).toBe("87,5");
    expect(decimal(90)).toBe("90");
  });
  it("sums up for the text alternative", () => {
    expect(spread([96, 80, 100])).toEqual({ count: 3, average: 92, min: 80, max: 100 });
    expect(spread([])).toBeNull();
    expect(levelCounts(cellMeetings(rows, 3))).toEqual([
      { level: "good", count: 1 },
      { level: "fair", count: 1 },
    ]);
  });
  it("shortens cell names for a phone's axis", () => {
    expect(shortName("Chi bộ Nội vụ")).toBe("Nội vụ");
    expect(shortName("Chi bộ Trung tâm Lưu trữ lịch sử")).toBe("Trung tâm Lưu trữ…");
  });
  it("averages each cell's meetings for a committee", () => {
    const own = rows.filter((r) => r.unit_id === 3);
    expect(cellAverages(own)).toEqual([
      { unitId: 3, name: "Chi bộ Nội vụ", meetings: 3, attendance: 88, spoke: 42 },
    ]);
    const other = row({ meeting_id: 6, unit_id: 4, unit_name: "Chi bộ Ban Tôn giáo" });
    expect(cellAverages([...own, other]).map((c) => c.unitId)).toEqual([4, 3]);
  });
});
