import type { JobHelpers, TaskList } from "graphile-worker";
import { jobCatalog, jobNames, type JobName, type JobPayload } from "~/platform/jobs";

/** A task's work, given its payload already parsed by the catalog's schema. */
export type JobHandler<N extends JobName> = (payload: JobPayload<N>, helpers: JobHelpers) => Promise<void>;

/** One handler per catalog job: a job without a handler does not type-check. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/**
 * graphile-worker's task list, from the catalog: each job's payload is
 * parsed with its schema (a malformed one fails the job) before its handler
 * runs. A job queued without a payload is parsed as an empty one.
 */
export function taskListFrom(handlers: JobHandlers): TaskList {
  const taskList: TaskList = {};
  for (const name of jobNames) {
    const handler = handlers[name] as JobHandler<JobName>;
    const schema = jobCatalog[name].payload;
    taskList[name] = (payload, helpers) => handler(schema.parse(payload ?? {}) as JobPayload<JobName>, helpers);
  }
  return taskList;
}
