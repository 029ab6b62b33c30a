import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

// A webhook URL is typed by a merchant, and the server then calls it: without a guard, anyone with
// a manager's sign-in could make Regulars call into its own network (the database, a cloud
// metadata service). So endpoints are https on public addresses, checked twice: the URL when it is
// saved, and the address a delivery actually connects to (the lookup below runs inside the
// connection, so a name that resolves somewhere else later — DNS rebinding — is still refused).
// WEBHOOK_ALLOW_PRIVATE_URLS=1 lifts both for a receiver on this machine (development, tests).

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["64:ff9b::", 96],
  ["2001:db8::", 32],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv6");

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1]!, "ipv4");
    return PRIVATE.check(address, "ipv6");
  }
  return true; // not an address at all: refuse rather than guess
}

/** What is wrong with a webhook URL, in words for the person who typed it; null when it may be used. */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Enter a full URL, starting with https://";
  }
  if (url.username || url.password) return "Leave the user name and password out of the URL; every delivery is signed instead.";
  if (allowPrivate) return url.protocol === "https:" || url.protocol === "http:" ? null : "Use an https:// URL.";
  if (url.protocol !== "https:") return "Use an https:// URL: events carry customer details and must be encrypted on the way.";
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(host) && isPrivateAddress(host)) return "That address is inside a private network; use your endpoint's public address.";
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal") || !host.includes(".")) {
    return "That host name only works inside a private network; use your endpoint's public address.";
  }
  if (url.port && !["443", "8443"].includes(url.port)) return "Use the standard https port (443 or 8443).";
  return null;
}

/** A DNS lookup for http(s).request that refuses private addresses (unless allowed). */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      const list = addresses as LookupAddress[];
      const usable = allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (usable.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves only to private addresses`), { code: "EPRIVATEADDRESS" }), "", 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
