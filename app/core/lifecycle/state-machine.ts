import { Conflict } from "~/core/errors/domain-errors";

/**
 * A lifecycle as a table of allowed transitions. Each lifecycle (run, step
 * run) defines its table in its own module, and every write of its state
 * column goes through that module's guarded UPDATE … WHERE state = $expected.
 */
export interface StateMachine<S extends string> {
  name: string;
  transitions: Readonly<Record<S, readonly S[]>>;
  terminal: ReadonlySet<S>;
  canTransition(from: S, to: S): boolean;
  /** Throws Conflict (409) naming the illegal transition. */
  assertTransition(from: S, to: S): void;
}

export function defineStateMachine<S extends string>(name: string, transitions: Record<S, readonly S[]>, terminal: readonly S[]): StateMachine<S> {
  const canTransition = (from: S, to: S) => transitions[from].includes(to);
  return {
    name,
    transitions,
    terminal: new Set(terminal),
    canTransition,
    assertTransition(from, to) {
      if (!canTransition(from, to)) throw new Conflict(`${/^[aeiou]/i.test(name) ? "An" : "A"} ${name} cannot go from '${from}' to '${to}'`);
    },
  };
}
