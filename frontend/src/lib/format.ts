// Dates as dd/mm/yyyy and 24-hour times in Vietnam's time zone; Vietnamese name order and
// diacritic-free search, as the backend does them.

const TZ = "Asia/Ho_Chi_Minh";

function parts(value: string | Date): Record<string, string> {
  const date = typeof value === "string" ? new Date(value) : value;
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat("en-GB", {
    timeZone: TZ,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date)) {
    out[p.type] = p.value;
  }
  return out;
}

export function formatDate(value: string | Date): string {
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split("-");
    return `${d}/${m}/${y}`;
  }
  const p = parts(value);
  return `${p.day}/${p.month}/${p.year}`;
}

export function formatTime(value: string | Date): string {
  const p = parts(value);
  return `${p.hour}:${p.minute}`;
}

export function formatDateTime(value: string | Date): string {
  return `${formatTime(value)} ${formatDate(value)}`;
}

/** "Nguyễn Văn  ĐỨC" -> "nguyen van duc" */
export function fold(text: string): string {
  return text
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .join(" ");
}

const ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz";
const TONES: Record<string, number> = {
  "\u0300": 1, // huyền
  "\u0309": 2, // hỏi
  "\u0303": 3, // ngã
  "\u0301": 4, // sắc
  "\u0323": 5, // nặng
};
const LETTER_MARKS = new Set(["\u0306", "\u0302", "\u031b"]);

function wordKey(word: string): [number[], number[]] {
  const letters: number[] = [];
  const tones: number[] = [];
  for (const ch of word.normalize("NFC").toLowerCase()) {
    const decomposed = ch.normalize("NFD");
    const base = decomposed[0];
    const marks = [...decomposed.slice(1)];
    let letter = (base + marks.filter((m) => LETTER_MARKS.has(m)).join("")).normalize("NFC");
    if (ch === "đ") letter = "đ";
    const digit = "0123456789".indexOf(letter);
    const index = ALPHABET.indexOf(letter);
    letters.push(digit >= 0 ? digit : index >= 0 ? 10 + index : 100 + (letter.codePointAt(0) ?? 0));
    tones.push(marks.map((m) => TONES[m] ?? 0).find((t) => t > 0) ?? 0);
  }
  return [letters, tones];
}

function compareArrays(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

/** Vietnamese name order: by given name (tone included), then family and middle names. */
export function compareNames(a: string, b: string): number {
  const wa = a.trim().split(/\s+/);
  const wb = b.trim().split(/\s+/);
  const ga = wordKey(wa[wa.length - 1] ?? "");
  const gb = wordKey(wb[wb.length - 1] ?? "");
  const given = compareArrays(ga[0], gb[0]) || compareArrays(ga[1], gb[1]);
  if (given) return given;
  const ra = wa.slice(0, -1).map(wordKey);
  const rb = wb.slice(0, -1).map(wordKey);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    const c = compareArrays(ra[i][0], rb[i][0]);
    if (c) return c;
  }
  if (ra.length !== rb.length) return ra.length - rb.length;
  for (let i = 0; i < ra.length; i++) {
    const c = compareArrays(ra[i][1], rb[i][1]);
    if (c) return c;
  }
  return 0;
}
