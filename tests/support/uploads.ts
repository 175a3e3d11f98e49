import { expect } from "vitest";
import { waitFor } from "./streams";
import { apiClient } from "./web";

type Json = Record<string, unknown>;

/** Uploads a file over HTTP and waits for its profiling to end (ready or failed), returning the file resource. */
export async function uploadAndProfile(baseUrl: string, apiKey: string, name: string, bytes: Uint8Array): Promise<Json> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${apiKey}` } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const client = apiClient(baseUrl, apiKey);
  return waitFor(async () => {
    const file = (await (await client.get(`/api/v1/files/${id}`)).json()) as Json;
    return file.status === "processing" ? undefined : file;
  }, 60_000, `profiling of ${name}`);
}
