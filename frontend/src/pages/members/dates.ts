// Calendar dates as the forms type them (dd/mm/yyyy) and as the API wants them (yyyy-mm-dd),
// with the same month arithmetic as the backend's probation rule.

/** Today on Vietnam's calendar, as yyyy-mm-dd. */
export function todayIso(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}

function iso(year: number, month: number, day: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * "2/9/1990", "02-09-1990", "02.09.1990" -> "1990-09-02"; "" -> null; anything else (a
 * day the month lacks, a two-digit year) -> undefined, which the form reports as a bad format.
 */
export function parseDate(text: string): string | null | undefined {
  const value = text.trim();
  if (!value) return null;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return undefined;
  }
  return iso(year, month, day);
}

/** "1990-09-02" -> "02/09/1990"; null -> "" (what a form field shows). */
export function toInput(value: string | null | undefined): string {
  if (!value) return "";
  const [y, m, d] = value.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * The same day `months` later; a day the month lacks moves to the 1st of the next month
 * (29/02/2024 + 12 months = 01/03/2025), as the backend counts probation.
 */
export function addMonths(value: string, months: number): string {
  const [y, m, d] = value.split("-").map(Number);
  const index = m - 1 + months;
  const year = y + Math.floor(index / 12);
  const month = (((index % 12) + 12) % 12) + 1;
  if (d <= daysIn(year, month)) return iso(year, month, d);
  return month === 12 ? iso(year + 1, 1, 1) : iso(year, month + 1, 1);
}

/** The first day a probationary member may be made official (12 months after admission). */
export function probationEnd(admission: string, months = 12): string {
  return addMonths(admission, months);
}
