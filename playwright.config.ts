import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests drive the built app in Debian's Chromium (Playwright's own
 * browser download is not available here). The global setup starts the app
 * exactly as `npm start` does, on a fresh data directory.
 */
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  // The first-run journey needs an install no other test has touched yet: it runs first, the rest after it.
  projects: [
    { name: "first-run", testMatch: "foundation.spec.ts" },
    { name: "app", testIgnore: "foundation.spec.ts", dependencies: ["first-run"] },
  ],
  use: {
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
});
