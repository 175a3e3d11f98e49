import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll } from "vitest";
import { createWebApp } from "../../server/app";

/**
 * The real web app (Express + the built Remix server) on a free port, against
 * this test file's database.
 */
export async function startWebApp(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const build = (await import(/* @vite-ignore */ pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const app = createWebApp({ build });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  // Tests block this process at times (spawnSync of the CLI, a long synchronous step): a short
  // keep-alive would let the server close a pooled connection just as the client reuses it.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  const { port } = server.address() as AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  afterAll(close);
  return { baseUrl: `http://127.0.0.1:${port}`, close };
}

export interface ApiClient {
  get(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body?: unknown, init?: RequestInit): Promise<Response>;
  patch(path: string, body?: unknown, init?: RequestInit): Promise<Response>;
  put(path: string, body?: unknown, init?: RequestInit): Promise<Response>;
  delete(path: string, init?: RequestInit): Promise<Response>;
}

export function apiClient(baseUrl: string, apiKey?: string): ApiClient {
  const headers = (init?: RequestInit, json = false): Record<string, string> => ({
    ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}),
    ...(json ? { "Content-Type": "application/json" } : {}),
    ...((init?.headers as Record<string, string>) ?? {}),
  });
  const send = (method: string, target: string, body?: unknown, init?: RequestInit) =>
    fetch(baseUrl + target, {
      ...init,
      method,
      headers: headers(init, body !== undefined),
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  return {
    get: (target, init) => send("GET", target, undefined, init),
    post: (target, body, init) => send("POST", target, body, init),
    patch: (target, body, init) => send("PATCH", target, body, init),
    put: (target, body, init) => send("PUT", target, body, init),
    delete: (target, init) => send("DELETE", target, undefined, init),
  };
}
