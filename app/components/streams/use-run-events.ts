import { useEffect, useRef, useState } from "react";

/**
 * A run's live state from its Server-Sent Events
 * (GET /api/v1/stream-runs/{id}/events, authenticated by the session
 * cookie): a snapshot first, then each changed step run and run, then `end`.
 * Starts from the loader's timeline so the first paint needs no round trip;
 * a reconnect gets a fresh snapshot, which replaces everything.
 */
export interface LiveStepRun {
  id: string;
  stepKey: string;
  position: number;
  state: string;
  attempt: number;
  maxAttempts: number;
  metrics: Record<string, unknown> | null;
  attempts: Array<Record<string, unknown>>;
  failure: Record<string, unknown> | null;
  nextAttemptAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface LiveRun {
  id: string;
  state: string;
  startedAt: string | null;
  finishedAt: string | null;
  metrics: Record<string, unknown> | null;
}

export interface Timeline {
  run: LiveRun;
  stepRuns: LiveStepRun[];
}

export type Connection = "connecting" | "live" | "ended" | "reconnecting";

export function useRunEvents(runId: string, initial: Timeline, onEnd: () => void): { timeline: Timeline; connection: Connection } {
  const [timeline, setTimeline] = useState(initial);
  const [connection, setConnection] = useState<Connection>("connecting");
  const onEndRef = useRef(onEnd);
  onEndRef.current = onEnd;
  const ended = useRef(false);

  // After `end` the route revalidates; its data is read from the database after the run ended, so it is final.
  useEffect(() => {
    if (ended.current) setTimeline(initial);
  }, [initial]);

  useEffect(() => {
    setTimeline(initial);
    ended.current = false;
    // An ended run's page needs no stream; the loader's data is final.
    if (["succeeded", "failed", "partially_succeeded", "cancelled"].includes(initial.run.state)) {
      ended.current = true;
      setConnection("ended");
      return;
    }
    const source = new EventSource(`/api/v1/stream-runs/${encodeURIComponent(runId)}/events`);
    const read = (event: MessageEvent) => JSON.parse(String(event.data)) as unknown;
    source.addEventListener("open", () => setConnection("live"));
    source.addEventListener("error", () => setConnection((current) => (current === "ended" ? current : "reconnecting")));
    source.addEventListener("snapshot", (event) => setTimeline(read(event as MessageEvent) as Timeline));
    source.addEventListener("step_run", (event) => {
      const stepRun = read(event as MessageEvent) as LiveStepRun;
      setTimeline((current) => ({ ...current, stepRuns: current.stepRuns.map((existing) => (existing.id === stepRun.id ? stepRun : existing)) }));
    });
    source.addEventListener("run", (event) => {
      const run = read(event as MessageEvent) as LiveRun;
      setTimeline((current) => ({ ...current, run }));
    });
    source.addEventListener("end", () => {
      ended.current = true;
      setConnection("ended");
      source.close();
      onEndRef.current();
    });
    return () => source.close();
    // initial changes identity on every revalidation; the run id is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId]);

  return { timeline, connection };
}
