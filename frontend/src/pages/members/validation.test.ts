import { describe, expect, it } from "vitest";

import type { components } from "../../api/schema";
import { addMonths, parseDate, probationEnd, toInput, todayIso } from "./dates";
import {
  canManage,
  canManageMembers,
  formatRate,
  isProbationDue,
  periodRange,
  readPeriod,
  valuesOf,
} from "./logic";
import {
  changedFields,
  EMPTY_MEMBER,
  readRefusal,
  toBody,
  validateMember,
  type MemberValues,
} from "./validation";

const TODAY = "2026-11-26";
const good: MemberValues = {
  ...EMPTY_MEMBER,
  unit_id: "4",
  full_name: "  Lê   Thị Hoa ",
  status: "official",
  gender: "female",
  date_of_birth: "02/09/1990",
  admission_date: "15/3/2015",
  official_date: "15/03/2016",
  party_card_number: "93.012345",
  citizen_id: "042190001234",
  phone: "0912 345 678",
  email: "hoa@example.vn",
};

describe("dates typed as dd/mm/yyyy", () => {
  it("reads day/month/year with /, - or . and refuses what is not a day", () => {
    expect(parseDate("02/09/1990")).toBe("1990-09-02");
    expect(parseDate("2-9-1990")).toBe("1990-09-02");
    expect(parseDate(" 29.02.2024 ")).toBe("2024-02-29");
    expect(parseDate("")).toBeNull();
    expect(parseDate("29/02/2023")).toBeUndefined();
    expect(parseDate("1990-09-02")).toBeUndefined();
    expect(parseDate("02/09/90")).toBeUndefined();
    expect(parseDate("31/04/2020")).toBeUndefined();
    expect(toInput("1990-09-02")).toBe("02/09/1990");
    expect(toInput(null)).toBe("");
  });

  it("counts months like the backend: a missing day moves to the 1st of the next month", () => {
    expect(addMonths("2024-02-29", 12)).toBe("2025-03-01");
    expect(addMonths("2025-01-31", 1)).toBe("2025-03-01");
    expect(addMonths("2025-12-15", 1)).toBe("2026-01-15");
    expect(addMonths("2026-11-26", -12)).toBe("2025-11-26");
    expect(probationEnd("2025-11-26")).toBe("2026-11-26");
  });

  it("knows today in Vietnam, seven hours ahead of UTC", () => {
    expect(todayIso(new Date("2026-11-25T17:30:00Z"))).toBe("2026-11-26");
    expect(todayIso(new Date("2026-11-25T16:30:00Z"))).toBe("2026-11-25");
  });
});

describe("the member form's rules", () => {
  it("accepts a complete, consistent record", () => {
    expect(validateMember(good, { today: TODAY, creating: true })).toEqual({});
  });

  it("asks for the name, the cell and the status of a new member", () => {
    const errors = validateMember(EMPTY_MEMBER, { today: TODAY, creating: true });
    expect(errors.full_name).toBe("Vui lòng nhập họ và tên.");
    expect(errors.unit_id).toBe("Vui lòng chọn chi bộ.");
    expect(errors.status).toBe("Vui lòng chọn loại đảng viên.");
    // An edit keeps its cell and status.
    const edit = validateMember(
      { ...EMPTY_MEMBER, full_name: "An" },
      { today: TODAY, creating: false },
    );
    expect(edit).toEqual({});
  });

  it("refuses bad date formats and future dates", () => {
    const errors = validateMember(
      { ...good, date_of_birth: "31/02/1990", admission_date: "01/01/2027" },
      { today: TODAY, creating: true },
    );
    expect(errors.date_of_birth).toMatch(/ngày\/tháng\/năm/);
    expect(errors.admission_date).toBe("Ngày không được ở tương lai.");
  });

  it("needs 12 months of probation before the official date, and 18 years at admission", () => {
    const early = validateMember(
      { ...good, official_date: "14/03/2016" },
      { today: TODAY, creating: true },
    );
    expect(early.official_date).toBe(
      "Thời gian dự bị là 12 tháng: ngày chính thức sớm nhất là 15/03/2016.",
    );
    const young = validateMember(
      { ...good, date_of_birth: "16/03/1997" },
      { today: TODAY, creating: true },
    );
    expect(young.admission_date).toBe("Đảng viên phải đủ 18 tuổi khi vào Đảng.");
    const justOld = validateMember(
      { ...good, date_of_birth: "15/03/1997" },
      { today: TODAY, creating: true },
    );
    expect(justOld.admission_date).toBeUndefined();
  });

  it("gives a probationary member no official date", () => {
    const errors = validateMember(
      { ...good, status: "probationary" },
      { today: TODAY, creating: true },
    );
    expect(errors.official_date).toMatch(/dự bị/);
  });

  it("checks the formats of card, citizen id, phone and email", () => {
    const errors = validateMember(
      { ...good, party_card_number: "a b", citizen_id: "12345", phone: "abc", email: "x@" },
      { today: TODAY, creating: true },
    );
    expect(Object.keys(errors).sort()).toEqual(
      ["citizen_id", "email", "party_card_number", "phone"].sort(),
    );
  });

  it("sends trimmed text, ISO dates and nulls", () => {
    const body = toBody(good);
    expect(body.full_name).toBe("Lê Thị Hoa");
    expect(body.unit_id).toBe(4);
    expect(body.admission_date).toBe("2015-03-15");
    expect(body.external_id).toBeNull();
    expect(body.citizen_id).toBe("042190001234");
  });

  it("an edit sends only what changed, never hidden sensitive fields", () => {
    const after = { ...good, job_title: "Chuyên viên", phone: "" };
    expect(changedFields(good, after, { sensitiveVisible: true })).toEqual({
      job_title: "Chuyên viên",
      phone: null,
    });
    expect(changedFields(good, after, { sensitiveVisible: false })).toEqual({
      job_title: "Chuyên viên",
    });
    expect(changedFields(good, { ...good, unit_id: "9" }, { sensitiveVisible: true })).toEqual({});
  });
});

describe("the API's refusals, beside the right field", () => {
  it("maps a named rule to its field with the API's Vietnamese message", () => {
    const body = {
      error: { code: "party_card_taken", message: "Số thẻ đảng viên đã được dùng cho người khác." },
    };
    expect(readRefusal(body, 409)).toEqual({
      fields: { party_card_number: "Số thẻ đảng viên đã được dùng cho người khác." },
      message: null,
      stale: false,
    });
  });

  it("turns a schema check into Vietnamese for the field it names", () => {
    const body = {
      error: {
        code: "validation_error",
        message: "Một số trường dữ liệu không hợp lệ.",
        details: [{ loc: ["body", "citizen_id"], msg: "String should match pattern", type: "x" }],
      },
    };
    const refusal = readRefusal(body, 422);
    expect(refusal.fields.citizen_id).toMatch(/CCCD/);
    expect(refusal.message).toBeNull();
  });

  it("says a stale version in Vietnamese, and passes other messages through", () => {
    expect(readRefusal({ error: { code: "stale_version", message: "x" } }, 409).stale).toBe(true);
    expect(readRefusal({ error: { code: "forbidden", message: "Không được phép." } }, 403)).toEqual(
      { fields: {}, message: "Không được phép.", stale: false },
    );
    expect(readRefusal(undefined, 500).message).toBe("Đã có lỗi xảy ra. Vui lòng thử lại.");
  });
});

type Member = components["schemas"]["MemberRead"];
const member: Member = {
  id: 7,
  unit_id: 4,
  group_id: null,
  full_name: "Lê Thị Hoa",
  gender: "female",
  date_of_birth: "1990-09-02",
  party_card_number: null,
  external_id: null,
  citizen_id: null,
  phone: null,
  email: null,
  job_title: null,
  admission_date: "2025-11-20",
  official_date: null,
  status: "probationary",
  state: "active",
  left_on: null,
  version: 3,
  sensitive_visible: true,
};

describe("the member page's decisions", () => {
  it("lets managing roles change records in their subtree only", () => {
    expect(canManageMembers("cell_secretary")).toBe(true);
    expect(canManageMembers("member")).toBe(false);
    expect(canManage("base_committee", member)).toBe(true);
    expect(canManage("cell_secretary", { ...member, sensitive_visible: false })).toBe(false);
    expect(canManage("member", member)).toBe(false);
  });

  it("says when the 12 months of probation are complete", () => {
    expect(isProbationDue(member, "2026-11-19")).toBe(false);
    expect(isProbationDue(member, "2026-11-20")).toBe(true);
    expect(isProbationDue({ ...member, status: "official" }, TODAY)).toBe(false);
    expect(isProbationDue({ ...member, state: "removed" }, TODAY)).toBe(false);
  });

  it("offers periods ending today", () => {
    expect(periodRange("year", TODAY)).toEqual({ from: "2026-01-01", to: TODAY });
    expect(periodRange("lastYear", TODAY)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(periodRange("last12", TODAY)).toEqual({ from: "2025-11-27", to: TODAY });
  });

  it("shows rates as whole percentages", () => {
    expect(formatRate(0.8333)).toBe("83%");
    expect(formatRate(null)).toBeNull();
  });

  it("fills the form from a record", () => {
    const values = valuesOf(member);
    expect(values.date_of_birth).toBe("02/09/1990");
    expect(values.official_date).toBe("");
    expect(values.unit_id).toBe("4");
  });

  it("reads a dated period", () => {
    expect(readPeriod("01/12/2026", "")).toEqual({ start: "2026-12-01", end: null });
    expect(readPeriod("", "")).toEqual({ field: "start", problem: "format" });
    expect(readPeriod("02/12/2026", "01/12/2026")).toEqual({ field: "end", problem: "order" });
    expect(readPeriod("02/12/2026", "1/13/2026")).toEqual({ field: "end", problem: "format" });
  });
});
