// Every page of the end-to-end tests runs on the day the backend was started on
// (e2e/start-backend.sh sets CHIBO_CLOCK_START to the same moment), so that no result depends
// on the day the suite runs. The browser's clock starts there and runs on as usual.
import { test as base, type BrowserContext } from "@playwright/test";

export * from "@playwright/test";

/** The e2e day (yyyy-mm-dd), set by playwright.config.ts. */
export const E2E_DAY = process.env.CHIBO_E2E_TODAY ?? "2026-11-18";
/** 09:00 in Vietnam on the e2e day: where the backend's clock starts too. */
export const E2E_START = new Date(`${E2E_DAY}T09:00:00+07:00`);

/** Puts a context the test made itself on the e2e day (the `context` fixture's is already). */
export async function onE2eDay(context: BrowserContext): Promise<BrowserContext> {
  // The backend started a little earlier; the browser starts from the same moment plus the
  // time since, so that both clocks read about the same.
  await context.clock.install({ time: new Date(E2E_START.getTime() + sinceStart()) });
  return context;
}

const startedAt = Number(process.env.CHIBO_E2E_STARTED_AT ?? Date.now());

function sinceStart(): number {
  return Math.max(0, Date.now() - startedAt);
}

/** Now on the e2e clock, for the tests' own reckoning (never the wall clock's day). */
export function e2eNow(): Date {
  return new Date(E2E_START.getTime() + sinceStart());
}

export const test = base.extend({
  context: async ({ context }, use) => {
    await use(await onE2eDay(context));
  },
});
