import { isIP } from "node:net";
import { env } from "./env";

// The client's IP address, for throttling and for the loopback-only development mailbox.
//
// Next (`next start`) fills X-Forwarded-For with the connection's address only when the request
// has none (server/base-server.js: `??=`), and a reverse proxy appends the address it saw. So the
// entries on the right are the ones we can believe: with TRUST_PROXY=n proxies in front, the
// n-th from the right is the address the outermost proxy saw; with no proxy it is the rightmost
// (Next's). Everything further left was written by the client. Without a proxy a client can still
// send its own header instead of Next's: run production behind a proxy (docs/operations.md).

type THeaders = Headers | Record<string, unknown> | undefined | null;

function header(headers: THeaders, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, unknown>)[name];
  if (Array.isArray(v)) return v.join(",");
  return typeof v === "string" ? v : undefined;
}

/** "::ffff:10.0.0.1" → "10.0.0.1", "[::1]:443" → "::1", "10.0.0.1:80" → "10.0.0.1"; null when not an address. */
export function normalizeIp(raw: string): string | null {
  let v = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(":"));
  if (/^::ffff:[\d.]+$/i.test(v)) v = v.slice(7);
  return isIP(v) ? v.toLowerCase() : null;
}

/** The client address from X-Forwarded-For with `trustedHops` proxies in front; "unknown" when absent or unreadable. */
export function clientIpFrom(headers: THeaders, trustedHops: number): string {
  const entries = (header(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return "unknown";
  // 0 and 1 both mean the rightmost: Next's own value, or what the one proxy appended.
  const index = Math.max(0, entries.length - Math.max(1, trustedHops));
  return normalizeIp(entries[index]!) ?? "unknown";
}

export function isLoopbackIp(ip: string): boolean {
  return ip === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/**
 * A request made on this machine to a loopback address: the client address is loopback, no proxy
 * stands between (a proxy would make every client look local), and the Host is a loopback name, so a
 * web page cannot reach it through DNS rebinding.
 */
export function isLoopbackRequestFrom(headers: THeaders, trustedHops: number): boolean {
  if (trustedHops > 0) return false;
  // Headers a proxy adds: a local proxy would otherwise pass its clients off as this machine.
  if (["forwarded", "via", "x-real-ip"].some((h) => header(headers, h) !== undefined)) return false;
  const forwarded = (header(headers, "x-forwarded-for") ?? "").split(",").filter((e) => e.trim());
  if (forwarded.length !== 1 || !isLoopbackIp(clientIpFrom(headers, 0))) return false;
  const host = header(headers, "host") ?? "";
  const hostname = host
    .replace(/:\d+$/, "")
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase();
  return hostname === "localhost" || isLoopbackIp(hostname);
}

/** The client address of a request to this app (TRUST_PROXY from the environment). */
export const clientIp = (headers: THeaders) => clientIpFrom(headers, env().TRUST_PROXY);

export const isLoopbackRequest = (headers: THeaders) => isLoopbackRequestFrom(headers, env().TRUST_PROXY);
