import { lookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { getEnv } from "~/platform/env.server";
import type { HttpTarget } from "./targets";

/**
 * HTTP data sources: a URL serving CSV or JSON, fetched as it is.
 *
 * The server makes these requests, so a URL must not become a way into our
 * own network (SSRF). Every host is resolved, every address it resolves to
 * is checked, and the connection goes to exactly the addresses checked (a
 * DNS answer that changes between check and connect cannot slip through).
 * Private, loopback, link-local, unique-local and other non-public addresses
 * are refused, and only https is spoken, unless the host is in
 * HTTP_SOURCE_ALLOWLIST. Redirects are followed a few times, each target
 * checked again; the configured headers (credentials) go only to the
 * configured origin.
 */
export const MAX_HTTP_SOURCE_BYTES = 512 * 1024 ** 2;
/** For the whole fetch, body included. */
export const HTTP_SOURCE_TIMEOUT_MS = 10 * 60_000;
/** Without a byte from the server for this long, the fetch is abandoned. */
const IDLE_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const ACCEPT_BY_FORMAT = { csv: "text/csv, text/plain;q=0.9, */*;q=0.5", json: "application/json, */*;q=0.5" } as const;

export interface HttpFetch {
  body: AsyncIterable<Uint8Array>;
  /** After redirects, password redacted. */
  finalUrl: string;
  contentType: string | null;
  /** Closes the connection if the body will not be read to the end (safe to call twice). */
  close: () => void;
}

// ---- Checks

/** At creation: the scheme and, for an address written in the URL, the address. Host names are checked when fetched. */
export function assertHttpSourceUrlAllowed(rawUrl: string, pointer: string): void {
  const url = new URL(rawUrl);
  const problem = schemeProblem(url) ?? literalAddressProblem(url);
  if (problem) throw new ValidationFailed(`The URL cannot be used: ${problem}`, { errors: [{ pointer, message: problem }] });
}

function schemeProblem(url: URL): string | null {
  if (url.protocol !== "https:" && url.protocol !== "http:") return `'${url.protocol}' URLs cannot be fetched; use https`;
  if (url.protocol === "http:" && !isAllowlistedHost(hostOf(url))) {
    return "must use https (plain http is allowed only for hosts in HTTP_SOURCE_ALLOWLIST)";
  }
  return null;
}

function literalAddressProblem(url: URL): string | null {
  const host = hostOf(url);
  if (isIP(host) === 0) return null;
  return addressProblem(host, host);
}

/** Why `address` (which `host` resolved to) may not be fetched, or null when it may. */
function addressProblem(host: string, address: string): string | null {
  const reason = nonPublicReason(address);
  if (reason === null || isAllowlistedHost(host) || isAllowlistedAddress(address)) return null;
  const resolved = host === address ? address : `${host} resolves to ${address}, which`;
  return `${resolved} is ${reason}; only public addresses can be fetched unless the host is in HTTP_SOURCE_ALLOWLIST`;
}

const NON_PUBLIC_RANGES: ReadonlyArray<{ reason: string; ranges: BlockList }> = [
  { reason: "an unspecified address", ranges: blockListOf(["0.0.0.0/8", "::/128"]) },
  { reason: "a loopback address", ranges: blockListOf(["127.0.0.0/8", "::1/128"]) },
  { reason: "a private address", ranges: blockListOf(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fec0::/10"]) },
  { reason: "a shared (carrier-grade NAT) address", ranges: blockListOf(["100.64.0.0/10"]) },
  { reason: "a link-local address", ranges: blockListOf(["169.254.0.0/16", "fe80::/10"]) },
  { reason: "a unique-local address", ranges: blockListOf(["fc00::/7"]) },
  { reason: "a multicast address", ranges: blockListOf(["224.0.0.0/4", "ff00::/8"]) },
  {
    reason: "a reserved address",
    ranges: blockListOf([
      "192.0.0.0/24",
      "192.0.2.0/24",
      "198.18.0.0/15",
      "198.51.100.0/24",
      "203.0.113.0/24",
      "240.0.0.0/4",
      "100::/64",
      "2001:db8::/32",
      "64:ff9b:1::/48",
    ]),
  },
];

function blockListOf(cidrs: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefix] = cidr.split("/") as [string, string];
    list.addSubnet(address, Number(prefix), isIP(address) === 6 ? "ipv6" : "ipv4");
  }
  return list;
}

/**
 * BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4
 * ranges. NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses carry an IPv4
 * address that a gateway may deliver to, so that one is checked too.
 */
function nonPublicReason(address: string): string | null {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  for (const { reason, ranges } of NON_PUBLIC_RANGES) if (ranges.check(address, family)) return reason;
  if (family === "ipv4") return null;
  const embedded = embeddedIpv4(address);
  if (embedded === null) return null;
  const reason = nonPublicReason(embedded);
  return reason === null ? null : `${reason} (${embedded}, embedded in ${address})`;
}

function embeddedIpv4(address: string): string | null {
  const groups = ipv6Groups(address);
  if (groups === null) return null;
  const quad = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) return quad(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return quad(groups[1]!, groups[2]!);
  return null;
}

/** The eight 16-bit groups of an IPv6 address, "::" and a trailing dotted quad expanded. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().split("%")[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string | undefined) => (part ? part.split(":").map((group) => parseInt(group, 16)) : []);
  const front = parse(head);
  const back = parse(tail);
  const groups = tail === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

interface Allowlist {
  hosts: Set<string>;
  ranges: BlockList;
}

let cachedAllowlist: { entries: readonly string[]; allowlist: Allowlist } | undefined;

function allowlist(): Allowlist {
  const entries = getEnv().HTTP_SOURCE_ALLOWLIST;
  if (cachedAllowlist?.entries === entries) return cachedAllowlist.allowlist;
  const hosts = new Set<string>();
  const ranges = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (isIP(address) === 0) hosts.add(entry.replace(/\.$/, ""));
    else if (prefix === undefined) ranges.addAddress(address, family);
    else ranges.addSubnet(address, Number(prefix), family);
  }
  cachedAllowlist = { entries, allowlist: { hosts, ranges } };
  return cachedAllowlist.allowlist;
}

function isAllowlistedHost(host: string): boolean {
  const { hosts } = allowlist();
  return hosts.has(host) || (isIP(host) !== 0 && isAllowlistedAddress(host));
}

function isAllowlistedAddress(address: string): boolean {
  return allowlist().ranges.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/** Lowercase, without IPv6 brackets or a trailing dot. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();
}

/** Resolves the host and checks the scheme and every address; these are the only addresses connected to. */
async function resolveFetchableAddresses(url: URL): Promise<string[]> {
  const shown = redactUrl(url.toString());
  const scheme = schemeProblem(url);
  if (scheme) throw new ValidationFailed(`Refused to fetch ${shown}: ${scheme}`);
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch (error) {
      throw new ValidationFailed(`Could not resolve the host of ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (addresses.length === 0) throw new ValidationFailed(`Could not resolve the host of ${shown}: no addresses`);
  for (const address of addresses) {
    const problem = addressProblem(host, address);
    if (problem) throw new ValidationFailed(`Refused to fetch ${shown}: ${problem}`);
  }
  return addresses;
}

// ---- Fetching

export async function testHttpSource(target: HttpTarget, timeoutMs: number): Promise<string> {
  const opened = await openResponse(target, timeoutMs);
  const { response } = opened;
  try {
    const length = response.headers["content-length"];
    const type = response.headers["content-type"];
    const about = [type ? type.split(";")[0] : null, length ? `${length} bytes` : null].filter(Boolean).join(", ");
    return `HTTP ${response.statusCode} ${response.statusMessage ?? ""}`.trim() + ` from ${opened.finalUrl}${about ? ` (${about})` : ""}`;
  } finally {
    opened.finish();
  }
}

/**
 * Opens the URL (following redirects) and hands back its body as it arrives,
 * counted: past MAX_HTTP_SOURCE_BYTES, or HTTP_SOURCE_TIMEOUT_MS, the body
 * fails with a 422-worthy error and whatever consumed it discards it.
 */
export async function fetchHttpSource(target: HttpTarget): Promise<HttpFetch> {
  const opened = await openResponse(target, HTTP_SOURCE_TIMEOUT_MS);
  const declared = Number(opened.response.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > MAX_HTTP_SOURCE_BYTES) {
    opened.finish();
    throw tooLarge(opened.finalUrl);
  }
  const contentType = opened.response.headers["content-type"] ?? null;
  return { body: meteredBody(opened), finalUrl: opened.finalUrl, contentType, close: opened.finish };
}

interface OpenedResponse {
  response: IncomingMessage;
  finalUrl: string;
  timedOut: () => boolean;
  /** Stops the timer and closes the connection. */
  finish: () => void;
}

async function* meteredBody(opened: OpenedResponse): AsyncGenerator<Uint8Array> {
  let received = 0;
  try {
    for await (const chunk of opened.response as AsyncIterable<Uint8Array>) {
      received += chunk.byteLength;
      if (received > MAX_HTTP_SOURCE_BYTES) throw tooLarge(opened.finalUrl);
      yield chunk;
    }
    // A body cut short by the server (or our timer) must not pass for a complete one.
    if (!opened.response.complete) throw new Error("the connection closed before the body was complete");
  } catch (error) {
    if (error instanceof ValidationFailed) throw error;
    if (opened.timedOut()) throw timedOut(opened.finalUrl, HTTP_SOURCE_TIMEOUT_MS);
    throw new ValidationFailed(`Fetching ${opened.finalUrl} failed while reading the body: ${(error as Error).message}`);
  } finally {
    opened.finish();
  }
}

async function openResponse(target: HttpTarget, timeoutMs: number): Promise<OpenedResponse> {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, timeoutMs);
  // Never the reason the process stays up.
  timer.unref();
  const configuredOrigin = new URL(target.url).origin;
  let current = new URL(target.url);
  try {
    for (let redirects = 0; ; redirects++) {
      const addresses = await resolveFetchableAddresses(current);
      if (expired) throw timedOut(redactUrl(current.toString()), timeoutMs);
      // Credentials in headers belong to the configured origin, not wherever it redirects.
      const headers = current.origin === configuredOrigin ? target.headers : {};
      const response = await requestOnce(current, addresses, { accept: ACCEPT_BY_FORMAT[target.format], ...headers }, controller.signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECT_STATUSES.has(status) && location) {
        response.destroy();
        if (redirects >= MAX_REDIRECTS) throw new ValidationFailed(`${redactUrl(target.url)} redirects more than ${MAX_REDIRECTS} times`);
        current = new URL(location, current);
        continue;
      }
      const finalUrl = redactUrl(current.toString());
      if (status < 200 || status > 299) {
        response.destroy();
        throw new ValidationFailed(`${finalUrl} answered HTTP ${status} ${response.statusMessage ?? ""}`.trim());
      }
      return {
        response,
        finalUrl,
        timedOut: () => expired,
        finish: () => {
          clearTimeout(timer);
          response.destroy();
        },
      };
    }
  } catch (error) {
    clearTimeout(timer);
    if (error instanceof ValidationFailed) throw scrub(target, error);
    if (expired) throw timedOut(redactUrl(current.toString()), timeoutMs);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw scrub(target, new ValidationFailed(`Could not fetch ${redactUrl(current.toString())}: ${reason}`));
  }
}

function requestOnce(url: URL, addresses: string[], headers: Record<string, string>, signal: AbortSignal): Promise<IncomingMessage> {
  // Connect to the checked addresses only; a second DNS answer is never asked for.
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, addresses.map((address) => ({ address, family: isIP(address) })));
    else callback(null, addresses[0]!, isIP(addresses[0]!));
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: "GET",
      headers: { "user-agent": "Reconstream data source", ...headers },
      lookup: pinnedLookup,
      agent: false,
      signal,
      timeout: IDLE_TIMEOUT_MS,
    });
    request.on("response", resolve);
    request.on("error", reject);
    request.on("timeout", () => request.destroy(new Error(`no data from the server for ${IDLE_TIMEOUT_MS / 1000} s`)));
    request.end();
  });
}

export function redactUrl(rawUrl: string): string {
  const url = new URL(rawUrl);
  if (url.password) url.password = "***";
  return url.toString();
}

function tooLarge(url: string): ValidationFailed {
  return new ValidationFailed(`${url} sent more than ${MAX_HTTP_SOURCE_BYTES} bytes, the most a snapshot may hold`);
}

function timedOut(url: string, timeoutMs: number): ValidationFailed {
  return new ValidationFailed(`Fetching ${url} took longer than ${timeoutMs} ms and was abandoned`);
}

/** Header values never appear in what we answer, even if a server echoes one into an error. */
function scrub(target: HttpTarget, error: ValidationFailed): ValidationFailed {
  let detail = error.message;
  for (const secret of target.secrets) if (secret.length > 0) detail = detail.replaceAll(secret, "***");
  return detail === error.message ? error : new ValidationFailed(detail, { errors: error.errors });
}
