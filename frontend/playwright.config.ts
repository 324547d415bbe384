import { defineConfig, devices } from "@playwright/test";

// End-to-end tests drive Debian's Chromium (never a downloaded browser) against the backend,
// started on a fresh SQLite database with the demo data and serving the built app.
const PORT = Number(process.env.CHIBO_E2E_PORT ?? 8765);
// The day the backend and every page run on (e2e/fixtures.ts): the suite's default day, or
// CHIBO_TEST_TODAY as for the backend's tests; the workers and the web server inherit it.
process.env.CHIBO_E2E_TODAY ??= process.env.CHIBO_TEST_TODAY ?? "2026-11-18";
process.env.CHIBO_E2E_STARTED_AT ??= String(Date.now());

export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "phone", use: { ...devices["Pixel 7"], viewport: { width: 360, height: 780 } } },
  ],
  webServer: {
    command: `bash e2e/start-backend.sh ${PORT}`,
    url: `http://127.0.0.1:${PORT}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
