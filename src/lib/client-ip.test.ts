import { describe, expect, it } from "vitest";
import { clientIpFrom, isLoopbackRequestFrom, normalizeIp } from "./client-ip";

const h = (values: Record<string, string>) => new Headers(values);

describe("clientIpFrom", () => {
  it("takes Next's own value when there is no proxy", () => {
    expect(clientIpFrom(h({ "x-forwarded-for": "203.0.113.9" }), 0)).toBe("203.0.113.9");
    expect(clientIpFrom(h({ "x-forwarded-for": "::ffff:127.0.0.1" }), 0)).toBe("127.0.0.1");
    expect(clientIpFrom(h({}), 0)).toBe("unknown");
  });

  it("believes only the entries the trusted proxies wrote, never what the client prepended", () => {
    const spoofed = h({ "x-forwarded-for": "1.1.1.1, 198.51.100.7, 10.0.0.2" });
    expect(clientIpFrom(spoofed, 0)).toBe("10.0.0.2");
    expect(clientIpFrom(spoofed, 1)).toBe("10.0.0.2");
    expect(clientIpFrom(spoofed, 2)).toBe("198.51.100.7");
    // More hops configured than entries present: the leftmost is the best we have.
    expect(clientIpFrom(h({ "x-forwarded-for": "198.51.100.7" }), 3)).toBe("198.51.100.7");
  });

  it("reads plain header records (next-auth's authorize) and turns junk into 'unknown'", () => {
    expect(clientIpFrom({ "x-forwarded-for": "2001:db8::1" }, 0)).toBe("2001:db8::1");
    expect(clientIpFrom({ "x-forwarded-for": "not-an-ip" }, 0)).toBe("unknown");
    expect(clientIpFrom(undefined, 0)).toBe("unknown");
  });

  it("normalises ports, brackets and IPv4-mapped IPv6", () => {
    expect(normalizeIp("[::1]:3000")).toBe("::1");
    expect(normalizeIp("10.0.0.1:8080")).toBe("10.0.0.1");
    expect(normalizeIp("::FFFF:10.0.0.1")).toBe("10.0.0.1");
    expect(normalizeIp("evil.example")).toBeNull();
  });
});

describe("isLoopbackRequestFrom", () => {
  const local = { "x-forwarded-for": "127.0.0.1", host: "localhost:3143" };

  it("accepts a request made on this machine to a loopback name", () => {
    expect(isLoopbackRequestFrom(h(local), 0)).toBe(true);
    expect(isLoopbackRequestFrom(h({ "x-forwarded-for": "::1", host: "[::1]:3000" }), 0)).toBe(true);
    expect(isLoopbackRequestFrom(h({ "x-forwarded-for": "::ffff:127.0.0.1", host: "127.0.0.1:3000" }), 0)).toBe(true);
  });

  it("refuses other clients, other host names, chains and anything behind a proxy", () => {
    expect(isLoopbackRequestFrom(h({ ...local, "x-forwarded-for": "192.168.1.20" }), 0)).toBe(false);
    expect(isLoopbackRequestFrom(h({ ...local, host: "regulars.example.com" }), 0)).toBe(false); // DNS rebinding
    expect(isLoopbackRequestFrom(h({ ...local, host: "192.168.1.5:3000" }), 0)).toBe(false);
    expect(isLoopbackRequestFrom(h({ ...local, "x-forwarded-for": "127.0.0.1, 127.0.0.1" }), 0)).toBe(false);
    expect(isLoopbackRequestFrom(h({ ...local, "x-real-ip": "203.0.113.9" }), 0)).toBe(false);
    expect(isLoopbackRequestFrom(h({ ...local, via: "1.1 nginx" }), 0)).toBe(false);
    expect(isLoopbackRequestFrom(h({ ...local, forwarded: "for=203.0.113.9" }), 0)).toBe(false);
    expect(isLoopbackRequestFrom(h(local), 1)).toBe(false);
    expect(isLoopbackRequestFrom(h({ host: "localhost:3000" }), 0)).toBe(false);
  });
});
