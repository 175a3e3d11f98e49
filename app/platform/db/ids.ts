import { randomBytes } from "node:crypto";

/**
 * Opaque, prefixed, time-sortable ids ("org_01JD…"), Stripe-style: the prefix
 * tells a human what an id is, and the ULID-like body sorts by creation time,
 * which keyset pagination relies on.
 */
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export const ID_PREFIXES = {
  organization: "org",
  user: "usr",
  membership: "mem",
  invitation: "inv",
  apiKey: "key",
  auditEvent: "aud",
  request: "req",
  worker: "wrk",
  ruleSet: "rs",
  ruleSetVersion: "rsv",
  file: "file",
  dataSource: "ds",
  dataSourceSnapshot: "dss",
  stream: "str",
  streamVersion: "strv",
  step: "stp",
  trigger: "trg",
  triggerFiring: "tfr",
  run: "run",
  stepRun: "srun",
  artifact: "art",
  lineageEvent: "lin",
  exception: "exc",
  exceptionEvent: "exev",
  exceptionBulkAction: "bulk",
  manualMatch: "mm",
  reconciliation: "rec",
  columnMapping: "cmap",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

let lastTime = 0;
let lastRandom: Uint8Array = new Uint8Array(10);

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${ulid()}`;
}

/** 48-bit millisecond time + 80 random bits; monotonic within one millisecond. */
export function ulid(now: number = Date.now()): string {
  let random: Uint8Array;
  if (now === lastTime) {
    random = incrementBytes(lastRandom);
  } else {
    random = new Uint8Array(randomBytes(10));
    lastTime = now;
  }
  lastRandom = random;
  return encodeTime(now) + encodeRandom(random);
}

function encodeTime(time: number): string {
  let out = "";
  let remaining = time;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[remaining % 32] + out;
    remaining = Math.floor(remaining / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = "";
  for (let i = 0; i < 16; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

function incrementBytes(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] === 255) {
      next[i] = 0;
      continue;
    }
    next[i] = next[i]! + 1;
    break;
  }
  return next;
}
