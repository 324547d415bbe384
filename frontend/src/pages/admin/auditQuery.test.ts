import { describe, expect, it } from "vitest";

import { ACTIONS } from "./auditLabels";
import {
  actionFilterChoices,
  auditQuery,
  NO_FILTERS,
  periodBackwards,
  vietnamMidnight,
} from "./auditQuery";

describe("audit query", () => {
  it("asks for the newest first and nothing else when unfiltered", () => {
    expect(auditQuery(NO_FILTERS, null)).toEqual({ limit: 50, order: "desc" });
  });

  it("turns Vietnam days into the instants the server filters by, the last day whole", () => {
    expect(vietnamMidnight("2026-11-26")).toBe("2026-11-25T17:00:00.000Z");
    expect(vietnamMidnight("2026-11-30", true)).toBe("2026-11-30T17:00:00.000Z");
    expect(vietnamMidnight("2026-12-31", true)).toBe("2026-12-31T17:00:00.000Z");
    const query = auditQuery(
      {
        actor: "7",
        action: "meeting.",
        entity: "meetings",
        entityId: " 12 ",
        from: "2026-11-01",
        to: "2026-11-01",
      },
      "abc",
    );
    expect(query).toEqual({
      limit: 50,
      order: "desc",
      cursor: "abc",
      actor_user_id: 7,
      action: "meeting.",
      entity_type: "meetings",
      entity_id: "12",
      since: "2026-10-31T17:00:00.000Z",
      until: "2026-11-01T17:00:00.000Z",
    });
  });

  it("sees a period that runs backwards", () => {
    expect(periodBackwards({ ...NO_FILTERS, from: "2026-11-02", to: "2026-11-01" })).toBe(true);
    expect(periodBackwards({ ...NO_FILTERS, from: "2026-11-01", to: "2026-11-01" })).toBe(false);
    expect(periodBackwards({ ...NO_FILTERS, to: "2026-11-01" })).toBe(false);
  });

  it("offers each named group before its actions, and every action once", () => {
    const choices = actionFilterChoices();
    const values = choices.map((c) => c.value);
    expect(values.filter((v) => !v.endsWith("."))).toEqual(Object.keys(ACTIONS));
    expect(new Set(values).size).toBe(values.length);
    const meeting = values.indexOf("meeting.");
    expect(meeting).toBeGreaterThan(-1);
    expect(values[meeting + 1]).toBe("meeting.create");
    expect(choices[meeting].label).toBe("Mọi thao tác về buổi sinh hoạt");
    // Every group offered has a name and is a prefix of the codes after it.
    for (const [i, v] of values.entries()) {
      if (v.endsWith(".")) expect(values[i + 1].startsWith(v)).toBe(true);
    }
    expect(choices.every((c) => c.label && !/[a-z_]+\.[a-z_]*/.test(c.label))).toBe(true);
  });
});
