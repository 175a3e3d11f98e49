import path from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Unit and integration tests. Integration tests use a real PostgreSQL: each
 * test file gets its own database cloned from one migrated template
 * (tests/support/setup-database.ts), so files never share rows.
 */
export default defineConfig({
  resolve: { alias: { "~": path.resolve("app") } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/setup-database.ts"],
    pool: "forks",
    // Vitest's default is one fork per CPU less one: a single fork on a 2-core CI machine, idle
    // while PostgreSQL, the worker and child processes do a test's work. Two forks keep both cores busy.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
  },
});
