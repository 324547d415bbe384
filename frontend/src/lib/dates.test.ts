import { describe, expect, it } from "vitest";

import {
  dateToText,
  maskDate,
  maskTime,
  parseDate,
  parseTime,
  todayIso,
  vietnamDateTimeToIso,
  vietnamParts,
} from "./dates";

describe("dates typed as dd/mm/yyyy", () => {
  it("reads day first, with any usual separator", () => {
    expect(parseDate("05/01/2027")).toBe("2027-01-05");
    expect(parseDate(" 5/1/2027 ")).toBe("2027-01-05");
    expect(parseDate("05-01-2027")).toBe("2027-01-05");
    expect(parseDate("05.01.2027")).toBe("2027-01-05");
    expect(parseDate("05012027")).toBe("2027-01-05");
    expect(parseDate("29/02/2024")).toBe("2024-02-29");
  });

  it("tells an empty field from a wrong one", () => {
    expect(parseDate("")).toBeNull();
    expect(parseDate("   ")).toBeNull();
    for (const bad of ["29/02/2025", "31/04/2027", "00/01/2027", "05/13/2027", "05/01/27"]) {
      expect(parseDate(bad)).toBeUndefined();
    }
    // The ISO order, a half-typed day, words, trailing junk, a year before 1900.
    for (const bad of ["2027-01-05", "12/", "1/2", "ngày mai", "5/1/2027x", "05/01/1800"]) {
      expect(parseDate(bad)).toBeUndefined();
    }
  });

  it("shows the API's days back as dd/mm/yyyy", () => {
    expect(dateToText("2027-01-05")).toBe("05/01/2027");
    expect(dateToText("2027-01-05T14:00:00+07:00")).toBe("05/01/2027");
    expect(dateToText(null)).toBe("");
    expect(dateToText("")).toBe("");
    expect(parseDate(dateToText("2030-12-31"))).toBe("2030-12-31");
  });

  it("adds the slashes while the day and month are typed, never twice", () => {
    expect(maskDate("0", "05")).toBe("05/");
    expect(maskDate("05/", "05//")).toBe("05/");
    expect(maskDate("05/0", "05/01")).toBe("05/01/");
    expect(maskDate("5/", "5/01")).toBe("5/01/");
    expect(maskDate("05/01/202", "05/01/2027")).toBe("05/01/2027");
    // Deleting is left alone (else the slash could never be erased).
    expect(maskDate("05/", "05")).toBe("05");
    // A whole value at once (pasted, or filled by a test) stays as it is.
    expect(maskDate("", "05/01/2027")).toBe("05/01/2027");
  });
});

describe("24-hour times typed as HH:mm", () => {
  it("reads the ways people write a time", () => {
    expect(parseTime("14:00")).toBe("14:00");
    expect(parseTime("9:05")).toBe("09:05");
    expect(parseTime("14h")).toBe("14:00");
    expect(parseTime("14h30")).toBe("14:30");
    expect(parseTime("14.30")).toBe("14:30");
    expect(parseTime("1430")).toBe("14:30");
    expect(parseTime("930")).toBe("09:30");
    expect(parseTime("0")).toBe("00:00");
    expect(parseTime("23:59")).toBe("23:59");
  });

  it("refuses what is no time of day", () => {
    expect(parseTime("")).toBeNull();
    for (const bad of ["24:00", "14:60", "2pm", "2:00 PM", "14:5", "1:2:3", "abc"]) {
      expect(parseTime(bad)).toBeUndefined();
    }
  });

  it("adds the colon after an hour that exists", () => {
    expect(maskTime("1", "14")).toBe("14:");
    expect(maskTime("14:", "14::")).toBe("14:");
    expect(maskTime("9", "93")).toBe("93");
    expect(maskTime("14:", "14")).toBe("14");
    expect(maskTime("", "14:30")).toBe("14:30");
  });
});

describe("Vietnam's clock", () => {
  it("joins a day and a time as an instant at +07:00", () => {
    const value = vietnamDateTimeToIso("2027-01-05", "14:00");
    expect(value).toBe("2027-01-05T14:00:00+07:00");
    expect(new Date(value).toISOString()).toBe("2027-01-05T07:00:00.000Z");
  });

  it("splits an instant into Vietnam's day and time, whatever the browser's zone", () => {
    expect(vietnamParts("2025-12-31T17:30:00Z")).toEqual({ date: "2026-01-01", time: "00:30" });
    expect(vietnamParts("2027-01-05T14:00:00+07:00")).toEqual({
      date: "2027-01-05",
      time: "14:00",
    });
    expect(todayIso(new Date("2026-11-24T18:00:00Z"))).toBe("2026-11-25");
  });
});
