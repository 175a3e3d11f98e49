/**
 * Domain records (metrics, attempts, failures) are interfaces without an index
 * signature; the contracts document them as open objects, which they are on the wire.
 */
export function asOpenObject<T extends object>(value: T): Record<string, unknown> {
  return value as unknown as Record<string, unknown>;
}
