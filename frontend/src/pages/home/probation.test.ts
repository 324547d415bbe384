import { describe, expect, it } from "vitest";

import type { components } from "../../api/schema";
import { probationText } from "./probation";

type Due = components["schemas"]["ProbationDue"];

function due(overdue: boolean, proposal: Due["proposal_status"]): Due {
  return {
    member: { full_name: "Hoàng Văn Phong" } as Due["member"],
    due_on: "2032-04-10",
    days_overdue: 45,
    deadline: "2032-05-24",
    overdue,
    proposal_status: proposal,
  };
}

describe("probation alerts", () => {
  it("names an overdue case with its deadline", () => {
    expect(probationText(due(true, null))).toBe(
      "Hoàng Văn Phong: quá hạn xét công nhận chính thức (hạn 24/05/2032)",
    );
  });
  it("says when the base committee decides next", () => {
    expect(probationText(due(false, "proposed"))).toContain("chờ Đảng ủy cơ sở quyết định");
  });
  it("gives the deadline otherwise", () => {
    expect(probationText(due(false, null))).toContain("trước 24/05/2032");
  });
});
