// Dates typed as dd/mm/yyyy and times as 24-hour HH:mm, the same on every phone whatever its
// language (the browser's own date inputs follow the browser: mm/dd/yyyy and AM/PM in English).
// The API wants yyyy-mm-dd days and ISO instants; meetings are planned in Vietnam time (+07:00).

const two = (n: number) => String(n).padStart(2, "0");

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)}`;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * "05/01/2027", "5/1/2027", "05-01-2027", "05.01.2027", "05012027" -> "2027-01-05";
 * "" -> null; anything else (a day the month lacks, a two-digit year) -> undefined.
 */
export function parseDate(text: string): string | null | undefined {
  const value = text.trim();
  if (!value) return null;
  const match =
    /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(value);
  if (!match) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
    return undefined;
  }
  return iso(year, month, day);
}

/** "2027-01-05" (or an ISO instant's day part) -> "05/01/2027"; null or "" -> "". */
export function dateToText(value: string | null | undefined): string {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  return match ? `${match[3]}/${match[2]}/${match[1]}` : "";
}

/**
 * "14:00", "9:05", "14h", "14h30", "14.30", "1430", "930" -> "14:00"… ; "" -> null;
 * anything else (25:00, 14:60, "2pm") -> undefined.
 */
export function parseTime(text: string): string | null | undefined {
  const value = text.trim().toLowerCase();
  if (!value) return null;
  const match =
    /^(\d{1,2})(?:[:.h](\d{2})?)?$/.exec(value) ?? /^(\d{1,2})(\d{2})$/.exec(value);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (hour > 23 || minute > 59) return undefined;
  return `${two(hour)}:${two(minute)}`;
}

/** Vietnam's wall clock (yyyy-mm-dd, HH:mm) for an instant; the day and time a form shows. */
export function vietnamParts(value: string | Date): { date: string; time: string } {
  const date = typeof value === "string" ? new Date(value) : value;
  const p: Record<string, string> = {};
  for (const part of new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(date)) {
    p[part.type] = part.value;
  }
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Today on Vietnam's calendar, as yyyy-mm-dd. */
export function todayIso(now: Date = new Date()): string {
  return vietnamParts(now).date;
}

/** A day (yyyy-mm-dd) and a time (HH:mm) on Vietnam's clock, as an ISO instant (+07:00). */
export function vietnamDateTimeToIso(date: string, time: string): string {
  return `${date}T${time}:00+07:00`;
}

/**
 * What a date field shows after a keystroke: the slashes come by themselves once the day and
 * the month are typed, so a phone's number pad (which may lack "/") is enough. Deleting is left
 * alone, and a slash typed right after an automatic one is not doubled.
 */
export function maskDate(previous: string, next: string): string {
  if (next.length <= previous.length) return next;
  const text = next.replace(/\/{2,}/g, "/");
  return /^\d{2}$/.test(text) || /^\d{1,2}\/\d{2}$/.test(text) ? `${text}/` : text;
}

/** The same for a time: "14" becomes "14:" (only for an hour that exists, so "930" still works). */
export function maskTime(previous: string, next: string): string {
  if (next.length <= previous.length) return next;
  const text = next.replace(/:{2,}/g, ":");
  return /^\d{2}$/.test(text) && Number(text) <= 23 ? `${text}:` : text;
}
