import type { Random } from "./random";

/**
 * One fuzz case from a valid file: 1–4 steps of byte flips, a truncation, an
 * inserted delimiter (one of `inserts`, written in `insertEncoding`), or whole
 * lines duplicated, deleted or moved. The fuzz suites share it so a seed
 * reproduces the same cases in every format.
 */
export function mutateBytes(base: Uint8Array, random: Random, inserts: readonly string[], insertEncoding: BufferEncoding): Buffer {
  let bytes = Buffer.from(base);
  for (let steps = random.int(1, 4); steps > 0; steps--) {
    const at = random.int(0, Math.max(0, bytes.length - 1));
    switch (random.int(0, 5)) {
      case 0: // byte flips
        for (let flips = random.int(1, 3); flips > 0 && bytes.length > 0; flips--) bytes[random.int(0, bytes.length - 1)] = random.int(0, 255);
        break;
      case 1: // truncation
        bytes = bytes.subarray(0, at);
        break;
      case 2: // insert a delimiter
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(random.pick(inserts), insertEncoding), bytes.subarray(at)]);
        break;
      default: {
        // duplicate, delete or move whole lines
        const lines = bytes.toString("latin1").split("\n");
        const line = random.int(0, lines.length - 1);
        const kind = random.int(0, 2);
        if (kind === 0) lines.splice(line, 0, lines[line]!);
        else if (kind === 1) lines.splice(line, 1);
        else lines.splice(random.int(0, lines.length - 1), 0, ...lines.splice(line, 1));
        bytes = Buffer.from(lines.join("\n"), "latin1");
      }
    }
  }
  return bytes;
}
