type GrowableArray = Uint8Array | Uint16Array | Int32Array | Float64Array;

/** A typed array twice as long holding the same values first: how the engine's column logs grow. */
export function doubled<T extends GrowableArray>(array: T): T {
  const copy = new (array.constructor as new (length: number) => T)(array.length * 2);
  copy.set(array);
  return copy;
}
