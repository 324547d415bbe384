// The backend's complaints about a rating sheet (ratings/sheet.py sheet_problems, and
// pydantic's located errors) in Vietnamese. The backend words them in English for the
// developer; an administrator needs them in Vietnamese with the place in the sheet.

const PLACES: Record<string, string> = {
  definition: "phiếu",
  body: "tệp",
  code: "mã",
  name: "tên",
  title: "tên",
  subject: "đối tượng",
  meeting_types: "loại buổi sinh hoạt",
  total_points: "tổng điểm",
  levels: "mức xếp loại",
  criteria: "tiêu chí",
  items: "nội dung",
  caps: "giới hạn mức",
  bands: "khoảng điểm",
  choices: "lựa chọn",
  overrides: "trường hợp đặc biệt",
  max_points: "điểm tối đa",
  min_points: "điểm tối thiểu",
  points: "điểm",
  mode: "cách chấm",
  source: "nguồn điểm",
  fact: "dữ kiện",
  when: "điều kiện",
  op: "phép so sánh",
  value: "giá trị",
  max_level: "mức cao nhất",
  effective_from: "ngày áp dụng",
  min: "cận dưới",
  max: "cận trên",
  yes_points: "điểm khi có",
  no_points: "điểm khi không",
  hint: "gợi ý",
  note: "ghi chú",
  source_note: "căn cứ",
};

const TYPES: Record<string, string> = {
  missing: "thiếu trường bắt buộc",
  extra_forbidden: "trường không được phép có",
  string_pattern_mismatch: "sai định dạng (mã chỉ gồm chữ thường không dấu, số, . _ -)",
  string_too_short: "không được để trống",
  string_too_long: "quá dài",
  string_type: "phải là chuỗi chữ",
  literal_error: "giá trị không thuộc các giá trị cho phép",
  enum: "giá trị không thuộc các giá trị cho phép",
  float_parsing: "phải là số",
  float_type: "phải là số",
  int_parsing: "phải là số nguyên",
  int_type: "phải là số nguyên",
  bool_parsing: "phải là đúng/sai (true/false)",
  bool_type: "phải là đúng/sai (true/false)",
  greater_than_equal: "quá nhỏ",
  less_than_equal: "quá lớn",
  too_short: "quá ít phần tử",
  list_type: "phải là một danh sách",
  dict_type: "phải là một đối tượng (các cặp tên: giá trị)",
  model_type: "phải là một đối tượng (các cặp tên: giá trị)",
  date_from_datetime_parsing: "phải là ngày dạng YYYY-MM-DD",
  date_parsing: "phải là ngày dạng YYYY-MM-DD",
  yaml_invalid: "không phải YAML hợp lệ",
  json_invalid: "không phải JSON hợp lệ",
};

/**
 * ["definition", "criteria", "0", "items", "2", "max_points"]
 * -> "tiêu chí 1 › nội dung 3 › điểm tối đa"
 */
export function placeOf(loc: (string | number)[]): string {
  const parts: string[] = [];
  for (const raw of loc) {
    const part = String(raw);
    if (/^\d+$/.test(part) && parts.length) {
      parts[parts.length - 1] += ` ${Number(part) + 1}`;
    } else if (part !== "definition" || loc.length === 1) {
      parts.push(PLACES[part] ?? `“${part}”`);
    }
  }
  return parts.join(" › ") || "phiếu";
}

const n = (s: string) => s.replace(".", ",");

// sheet_problems' sentences, most specific first.
const PROBLEMS: [RegExp, (...m: string[]) => string][] = [
  [
    /^criteria add up to (\S+), not (\S+)$/,
    (a, b) => `Tổng điểm các tiêu chí là ${n(a)}, không bằng tổng điểm phiếu ${n(b)}.`,
  ],
  [
    /^criterion (\S+): items add up to (\S+), not (\S+)$/,
    (c, a, b) => `Tiêu chí ${c}: tổng điểm các nội dung là ${n(a)}, không bằng ${n(b)}.`,
  ],
  [/^item code (\S+) is used twice$/, (c) => `Mã nội dung ${c} bị dùng hai lần.`],
  [/^a level is listed twice$/, () => "Một mức xếp loại bị khai báo hai lần."],
  [/^the lowest level must start at 0 points$/, () => "Mức thấp nhất phải bắt đầu từ 0 điểm."],
  [/^two levels have the same threshold$/, () => "Hai mức xếp loại có cùng ngưỡng điểm."],
  [
    /^level thresholds must rise from poor to average, fair, good$/,
    () => "Ngưỡng điểm phải tăng dần từ Kém, Trung bình, Khá đến Tốt.",
  ],
  [/^a level threshold is above the total points$/, () => "Có ngưỡng xếp loại cao hơn tổng điểm."],
  [/^cap (\S+): unknown level (\S+)$/, (c, l) => `Giới hạn ${c}: không có mức xếp loại “${l}”.`],
];

const ITEM_PROBLEMS: [RegExp, (...m: string[]) => string][] = [
  [
    /^a computed item names the fact it is computed from$/,
    () => "nội dung tính tự động phải nêu dữ kiện dùng để tính",
  ],
  [/^unknown fact (\S+)$/, (f) => `không có dữ kiện “${f}”`],
  [
    /^mode (\S+) is for judged items$/,
    () => "cách chấm này chỉ dành cho nội dung do người chấm đánh giá",
  ],
  [/^yes_points above max_points$/, () => "điểm khi có lớn hơn điểm tối đa"],
  [
    /^yes_no needs a yes\/no fact; (\S+) is a number$/,
    (f) => `chấm có/không cần dữ kiện có/không; “${f}” là số`,
  ],
  [
    /^a choice item lists its choices$/,
    () => "nội dung chấm theo lựa chọn phải liệt kê các lựa chọn",
  ],
  [/^a choice gives more than max_points$/, () => "có lựa chọn cho nhiều hơn điểm tối đa"],
  [
    /^an override gives more than max_points$/,
    () => "có trường hợp đặc biệt cho nhiều hơn điểm tối đa",
  ],
  [/^a bands item lists its bands$/, () => "nội dung chấm theo khoảng phải liệt kê các khoảng"],
  [
    /^bands need a number; (\S+) is yes\/no$/,
    (f) => `chấm theo khoảng cần dữ kiện là số; “${f}” là có/không`,
  ],
  [/^a band gives more than max_points$/, () => "có khoảng cho nhiều hơn điểm tối đa"],
  [/^no band reaches max_points$/, () => "không khoảng nào đạt điểm tối đa"],
  [
    /^bands leave values from (\S+) uncovered \(a gap at the bottom\)$/,
    (v) => `các khoảng bỏ sót giá trị từ ${n(v)} (hở ở đầu dưới)`,
  ],
  [
    /^bands do not reach any value \(a gap at the top\)$/,
    () => "các khoảng không phủ hết các giá trị lớn (hở ở đầu trên)",
  ],
  [
    /^bands do not reach (\S+) \(a gap at the top\)$/,
    (v) => `các khoảng không phủ tới ${n(v)} (hở ở đầu trên)`,
  ],
  [/^an unbounded band overlaps another$/, () => "một khoảng không giới hạn chồng lên khoảng khác"],
  [/^gap between (\S+) and (\S+)$/, (a, b) => `hở giữa ${n(a)} và ${n(b)}`],
  [
    /^bands overlap between (\S+) and (\S+)$/,
    (a, b) => `các khoảng chồng nhau từ ${n(a)} đến ${n(b)}`,
  ],
  [/^both bands claim (\S+) \(overlap\)$/, (v) => `hai khoảng cùng chứa ${n(v)} (chồng nhau)`],
  [/^no band claims (\S+) \(gap\)$/, (v) => `không khoảng nào chứa ${n(v)} (hở)`],
  [/^is_true\/is_false take no value$/, () => "phép kiểm tra đúng/sai không nhận giá trị"],
  [/^(\S+) needs a value$/, () => "phép so sánh cần một giá trị"],
];

function matchOne(text: string, table: [RegExp, (...m: string[]) => string][]): string | null {
  for (const [pattern, say] of table) {
    const m = pattern.exec(text);
    if (m) return say(...m.slice(1));
  }
  return null;
}

/** One sheet problem in Vietnamese ("item c1.x: no band reaches max_points" -> ...). */
export function problemText(problem: string): string {
  const whole = matchOne(problem, PROBLEMS);
  if (whole) return whole;
  const item = /^item (\S+): (.*)$/.exec(problem);
  if (item) {
    const said = matchOne(item[2], ITEM_PROBLEMS);
    return `Nội dung ${item[1]}: ${said ?? "chưa hợp lệ"}.`;
  }
  const cap = /^cap (\S+): (.*)$/.exec(problem);
  if (cap) {
    const said = matchOne(cap[2], ITEM_PROBLEMS);
    return `Giới hạn ${cap[1]}: ${said ?? "chưa hợp lệ"}.`;
  }
  return "Phiếu có một chỗ chưa nhất quán (xem lại điểm, khoảng điểm và các mức xếp loại).";
}

interface Located {
  loc?: (string | number)[];
  type?: string;
}

/** The details of an invalid_sheet or validation_error answer, one Vietnamese line each. */
export function detailLines(details: unknown): string[] {
  if (!Array.isArray(details)) return [];
  return details.map((d: unknown) => {
    if (typeof d === "string") return problemText(d);
    const e = (d ?? {}) as Located;
    const what = (e.type && TYPES[e.type]) ?? "giá trị không hợp lệ";
    return `${capitalise(placeOf(e.loc ?? []))}: ${what}.`;
  });
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
