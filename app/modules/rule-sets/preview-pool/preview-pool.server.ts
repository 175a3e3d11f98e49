import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { PreviewBudgetExceeded, PreviewCapacityExhausted, ValidationFailed } from "~/core/errors/domain-errors";
import { getEnv } from "~/platform/env.server";
import { singleton } from "~/platform/db/singleton";
import type { MappingSuggestionTask, MappingSuggestionView, PreviewJob, PreviewOutcome, PreviewTask, RuleSetPreviewTask, RuleSetPreviewView } from "./preview-work";

/**
 * A few long-lived threads on the web process for the work a user triggers
 * and waits for (previews, suggestions), so the event loop keeps answering
 * every other request (health, pages, the API) however slow one preview is.
 *
 * Each job has a time budget, counted from when its thread starts it: past
 * it the thread is terminated (JavaScript cannot be interrupted otherwise)
 * and a fresh one takes its place on the next job. Each thread also has a
 * heap limit, so one preview cannot take the web process's memory. When all
 * threads are busy, up to as many jobs again wait their turn; beyond that a
 * request is refused at once with 503 rather than queued without bound.
 */

/** Heap of one preview thread: 10,000 rows a side with their canonical tables fit several times over. */
const THREAD_HEAP_MB = 512;
const YOUNG_GENERATION_MB = 32;

interface Waiter {
  resolve: () => void;
}

class PreviewPool {
  private readonly idle: Worker[] = [];
  private readonly ready = new WeakMap<Worker, Promise<void>>();
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(
    private readonly size: number,
    private readonly budgetMs: number,
  ) {}

  async run(task: PreviewTask): Promise<unknown> {
    await this.takeSlot();
    try {
      return await this.runOnThread({ task, testGates: getEnv().NODE_ENV === "test" });
    } finally {
      this.releaseSlot();
    }
  }

  private takeSlot(): Promise<void> {
    if (this.running < this.size) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.size) {
      // A slot frees within one budget at the latest.
      throw new PreviewCapacityExhausted(`All ${this.size} preview threads are busy and ${this.waiting.length} previews are waiting; retry shortly`, this.budgetMs / 1000);
    }
    return new Promise<void>((resolve) => this.waiting.push({ resolve }));
  }

  /** The slot passes straight to the next waiter, so `running` never dips and lets a newcomer jump the queue. */
  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.running--;
  }

  private async runOnThread(job: PreviewJob): Promise<unknown> {
    const worker = this.idle.pop() ?? this.spawn();
    // Start-up (loading the engine on a fresh thread) is not the preview's to pay for.
    await this.ready.get(worker);
    const outcome = await new Promise<PreviewOutcome>((resolve, reject) => {
      const budget = setTimeout(() => {
        cleanup();
        void worker.terminate();
        const seconds = this.budgetMs / 1000;
        reject(new PreviewBudgetExceeded(`This preview exceeded its ${seconds} s budget and was stopped. Preview a smaller sample or simplify the rules' filters and expressions.`));
      }, this.budgetMs);
      const onMessage = (message: PreviewOutcome) => {
        cleanup();
        if (this.idle.length < this.size) this.idle.push(worker);
        else void worker.terminate();
        resolve(message);
      };
      const onError = (error: Error & { code?: string }) => {
        cleanup();
        void worker.terminate();
        if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
          reject(new PreviewBudgetExceeded(`This preview needed more than its ${THREAD_HEAP_MB} MB of memory and was stopped. Preview a smaller sample.`));
        } else reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`preview thread exited with code ${code}`));
      };
      const cleanup = () => {
        clearTimeout(budget);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage(job);
    });
    if (outcome.type === "invalid") throw new ValidationFailed(outcome.detail, { errors: outcome.errors });
    if (outcome.type === "crashed") throw new Error(`preview failed on its thread: ${outcome.message}`);
    return outcome.value;
  }

  private spawn(): Worker {
    // From the working directory, not import.meta.url: in the web process this module is bundled into build/index.js.
    const entry = pathToFileURL(path.resolve("app/modules/rule-sets/preview-pool/preview.worker.ts")).href;
    // Worker threads do not inherit tsx's loader under Node 20; register it before importing the entry.
    const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    const worker = new Worker(bootstrap, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    // An idle thread must not keep the process alive at shutdown.
    worker.unref();
    this.ready.set(
      worker,
      new Promise<void>((resolve, reject) => {
        const onReady = (message: { type?: string }) => {
          if (message.type !== "ready") return;
          worker.off("message", onReady);
          worker.off("error", reject);
          resolve();
        };
        worker.on("message", onReady);
        worker.on("error", reject);
      }),
    );
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }
}

export function getPreviewPool(): PreviewPool {
  return singleton("previewPool", () => new PreviewPool(getEnv().PREVIEW_THREADS, getEnv().PREVIEW_BUDGET_MS));
}

/** The preview of a rule set (stored or draft) on tables already read, computed on the pool. */
export async function computeRuleSetPreview(task: RuleSetPreviewTask): Promise<RuleSetPreviewView> {
  return (await getPreviewPool().run(task)) as RuleSetPreviewView;
}

/** Mapping suggestions for two sampled files, computed on the pool. */
export async function computeMappingSuggestion(task: MappingSuggestionTask): Promise<MappingSuggestionView> {
  return (await getPreviewPool().run(task)) as MappingSuggestionView;
}
