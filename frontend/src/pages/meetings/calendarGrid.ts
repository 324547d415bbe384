// The month grid of the meetings calendar: weeks start on Monday, days are Vietnam days
// (UTC+7 all year: Vietnam has no daylight saving time), keys are "YYYY-MM-DD".

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export interface Month {
  year: number;
  /** 1–12 */
  month: number;
}

export interface CalendarDay {
  key: string;
  day: number;
  inMonth: boolean;
  /** 0 = Monday … 6 = Sunday */
  weekday: number;
}

const two = (n: number) => String(n).padStart(2, "0");

function keyOfUtc(date: Date): string {
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}

/** The Vietnam calendar day of an instant ("2026-11-26T20:00:00Z" -> "2026-11-27"). */
export function vietnamDayKey(instant: string | Date): string {
  const ms = typeof instant === "string" ? Date.parse(instant) : instant.getTime();
  return keyOfUtc(new Date(ms + VIETNAM_OFFSET_MS));
}

/** The month (in Vietnam) an instant falls in. */
export function monthOf(instant: string | Date): Month {
  const [year, month] = vietnamDayKey(instant).split("-").map(Number);
  return { year, month };
}

export function shiftMonth({ year, month }: Month, delta: number): Month {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** The month as UTC instants: [from, before), Vietnam midnights, for the API's filters. */
export function monthRange({ year, month }: Month): { from: string; before: string } {
  const next = shiftMonth({ year, month }, 1);
  const start = Date.UTC(year, month - 1, 1) - VIETNAM_OFFSET_MS;
  const end = Date.UTC(next.year, next.month - 1, 1) - VIETNAM_OFFSET_MS;
  return { from: new Date(start).toISOString(), before: new Date(end).toISOString() };
}

/** Monday-first weeks covering the month; days of the neighbouring months fill the edges. */
export function monthGrid({ year, month }: Month): CalendarDay[][] {
  const first = Date.UTC(year, month - 1, 1);
  const lead = (new Date(first).getUTCDay() + 6) % 7; // days before the 1st, back to Monday
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const weeks = Math.ceil((lead + daysInMonth) / 7);
  const grid: CalendarDay[][] = [];
  for (let w = 0; w < weeks; w++) {
    const week: CalendarDay[] = [];
    for (let d = 0; d < 7; d++) {
      const date = new Date(first + (w * 7 + d - lead) * DAY_MS);
      week.push({
        key: keyOfUtc(date),
        day: date.getUTCDate(),
        inMonth: date.getUTCMonth() === month - 1,
        weekday: d,
      });
    }
    grid.push(week);
  }
  return grid;
}

/** Items by Vietnam day, each day's items in time order. */
export function groupByDay<T>(items: T[], startOf: (item: T) => string): Map<string, T[]> {
  const days = new Map<string, T[]>();
  const sorted = [...items].sort((a, b) => Date.parse(startOf(a)) - Date.parse(startOf(b)));
  for (const item of sorted) {
    const key = vietnamDayKey(startOf(item));
    const list = days.get(key);
    if (list) list.push(item);
    else days.set(key, [item]);
  }
  return days;
}

/** The day to select on opening a month: today if it is in it, else its first meeting day,
 * else the 1st. */
export function initialDay(month: Month, today: string, meetingDays: Iterable<string>): string {
  const prefix = `${month.year}-${two(month.month)}-`;
  if (today.startsWith(prefix)) return today;
  const days = [...meetingDays].filter((d) => d.startsWith(prefix)).sort();
  return days[0] ?? `${prefix}01`;
}

/** "2026-11-27" -> weekday index, 0 = Monday. */
export function weekdayOf(key: string): number {
  const [y, m, d] = key.split("-").map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}
