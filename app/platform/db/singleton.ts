/**
 * One instance per process, even when a module is loaded twice (the Remix
 * server bundle and server/ both import db/ and the metrics registry).
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __reconstreamSingletons?: Map<string, unknown> };
  store.__reconstreamSingletons ??= new Map();
  if (!store.__reconstreamSingletons.has(name)) store.__reconstreamSingletons.set(name, create());
  return store.__reconstreamSingletons.get(name) as T;
}

export function forgetSingleton(name: string): void {
  const store = globalThis as unknown as { __reconstreamSingletons?: Map<string, unknown> };
  store.__reconstreamSingletons?.delete(name);
}
