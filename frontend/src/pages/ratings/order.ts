// Orders and dates for the lists (pure, tested).

/** Newest first by an ISO date or date-time (ties keep their order). */
export function newestFirst<T>(items: readonly T[], when: (item: T) => string): T[] {
  return [...items].sort((a, b) => Date.parse(when(b)) - Date.parse(when(a)));
}

/** The day `days` before `now`, as YYYY-MM-DD (Vietnam's calendar day). */
export function daysAgo(days: number, now: Date = new Date()): string {
  const then = new Date(now.getTime() - days * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(then);
}
