import { getEnv } from "~/platform/env.server";
import type { GatePoint, StepGatesPort } from "./ports";

/**
 * Test-only pause points inside a step attempt, so a test can cancel a run
 * while a step is provably mid-flight instead of racing a timer. Only
 * honoured when NODE_ENV is "test"; elsewhere passGate returns at once.
 * Kept on globalThis so the test module and the worker share one registry.
 */
export type { GatePoint };

interface Gate {
  reached: () => void;
  release: Promise<void>;
}

const holder = globalThis as unknown as { __reconstreamGates?: Map<GatePoint, Gate> };
const gates: Map<GatePoint, Gate> = (holder.__reconstreamGates ??= new Map());

export async function passGate(point: GatePoint): Promise<void> {
  if (getEnv().NODE_ENV !== "test") return;
  const gate = gates.get(point);
  if (!gate) return;
  gates.delete(point);
  gate.reached();
  await gate.release;
}

/** Arms a gate: `reached` resolves when a step gets there; the step waits until `open()` is called. */
export function armGate(point: GatePoint): { reached: Promise<void>; open: () => void } {
  let open!: () => void;
  let reached!: () => void;
  const release = new Promise<void>((resolve) => (open = resolve));
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
  gates.set(point, { reached, release });
  return { reached: reachedPromise, open };
}

/**
 * Test-only process faults for tests/faults (the app runs as real processes
 * there, so in-process gates cannot reach it): the step named by
 * FAULT_CRASH_STEP_KEY kills its worker outright, as a segfault or the OOM
 * killer would; the one named by FAULT_HOLD_STEP_KEY waits FAULT_HOLD_MS, so
 * a test can kill a process while the step is provably mid-flight. Inert
 * unless NODE_ENV is "test".
 */
export async function applyStepFaults(stepKey: string): Promise<void> {
  const env = getEnv();
  if (env.NODE_ENV !== "test") return;
  if (env.FAULT_CRASH_STEP_KEY === stepKey) process.kill(process.pid, "SIGKILL");
  if (env.FAULT_HOLD_STEP_KEY === stepKey) await new Promise((resolve) => setTimeout(resolve, env.FAULT_HOLD_MS));
}

/** The same hold for the profiling of a file with this name (FAULT_HOLD_FILE_NAME). */
export async function applyFileFaults(fileName: () => Promise<string | undefined>): Promise<void> {
  const env = getEnv();
  if (env.NODE_ENV !== "test" || !env.FAULT_HOLD_FILE_NAME) return;
  if ((await fileName()) === env.FAULT_HOLD_FILE_NAME) await new Promise((resolve) => setTimeout(resolve, env.FAULT_HOLD_MS));
}

/** The gates the wiring installs into the runtime (ports.ts); each one is inert unless NODE_ENV is "test". */
export const testStepGates: StepGatesPort = { passGate, applyStepFaults };
