import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * `npm run test:faults`: the platform under faults (kill -9, a database
 * restart, a read-only disk, hostile uploads and rules). Each test file gets
 * its own database and DATA_DIR, as in the integration tests, and drives the
 * real app as real processes (tests/faults/support/). Files run one at a
 * time: they kill processes and measure RSS, and must not disturb each other.
 */
export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["tests/faults/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-database.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
