import type { ChildProcess } from "node:child_process";

/**
 * The app started as `npm start` does (supervisor → web + worker), as the e2e
 * setup and the browser bench run it: wait until both the database and the
 * worker report healthy, and stop it the way Ctrl-C does.
 */
export async function waitForHealthyApp(baseUrl: string, app: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited with code ${app.exitCode} before becoming healthy`);
    try {
      const health = (await (await fetch(`${baseUrl}/api/v1/health`)).json()) as { db: string; worker: string };
      if (health.db === "ok" && health.worker === "ok") return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not become healthy within ${Math.round(timeoutMs / 1000)} s`);
}

/** SIGTERM, so the supervisor stops web, worker and database in order; SIGKILL after 30 s. */
export function stopApp(app: ChildProcess): Promise<void> {
  if (app.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => app.kill("SIGKILL"), 30_000);
    app.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    app.kill("SIGTERM");
  });
}
