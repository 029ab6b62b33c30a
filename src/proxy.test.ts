import { encode } from "next-auth/jwt";
import { NextRequest, type NextFetchEvent } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";

// The gate's two answers to a request without a session: pages go to sign-in, fetches get a 401
// they can read (a followed redirect once looked like success to the counter's sync).
process.env.NEXTAUTH_SECRET ??= "proxy-test-secret";
process.env.NEXTAUTH_URL ??= "http://localhost:3000";
const { default: withAuthProxy, isPageRequest } = await import("./proxy");
// next-auth types the request as already carrying its token; Next hands it a plain NextRequest.
const proxy = withAuthProxy as unknown as (req: NextRequest, event: NextFetchEvent) => Promise<Response | undefined>;

const call = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  proxy(new NextRequest(`http://localhost:3000${path}`, init), {} as NextFetchEvent);

const navigate = { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document", accept: "text/html,application/xhtml+xml" };
const fetchJson = { "sec-fetch-mode": "cors", "sec-fetch-dest": "empty", accept: "*/*", "content-type": "application/json" };

let sessionCookie = "";
beforeAll(async () => {
  const token = await encode({ token: { sub: "u1", email: "sam@example.com" }, secret: process.env.NEXTAUTH_SECRET! });
  sessionCookie = `next-auth.session-token=${token}`;
});

describe("proxy without a session", () => {
  it("answers the counter's capture sync with 401 problem+json, never a redirect", async () => {
    const res = (await call("/m/harbor-bistro/counter/captures", { method: "POST", headers: { ...fetchJson, "idempotency-key": "k1" } }))!;
    expect(res.status).toBe(401);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 401, title: "Unauthorized" });
  });

  it("answers any other client fetch under /m with 401 too", async () => {
    for (const path of ["/m/harbor-bistro/counter/vouchers/AB-CD", "/m/harbor-bistro/counter/customers?q=an", "/m/harbor-bistro/customers/count"]) {
      expect((await call(path, { headers: fetchJson }))!.status, path).toBe(401);
    }
    // A script without browser fetch metadata (curl, a test) is not a page either.
    expect((await call("/m/harbor-bistro/counter/captures", { method: "POST", headers: { "content-type": "application/json" } }))!.status).toBe(401);
  });

  it("still sends a page visit to sign-in, coming back where it was", async () => {
    const res = (await call("/m/harbor-bistro/counter", { headers: navigate }))!;
    expect(res.status).toBe(307);
    const to = new URL(res.headers.get("location")!);
    expect(to.pathname).toBe("/sign-in");
    expect(to.searchParams.get("callbackUrl")).toBe("/m/harbor-bistro/counter");
  });

  it("leaves App Router navigations and server actions to the redirect", async () => {
    expect((await call("/m/harbor-bistro/customers", { headers: { rsc: "1", accept: "*/*", "sec-fetch-mode": "cors" } }))!.status).toBe(307);
    expect(
      (await call("/m/harbor-bistro/settings", { method: "POST", headers: { "next-action": "abc", accept: "text/x-component", "sec-fetch-mode": "cors" } }))!
        .status,
    ).toBe(307);
  });
});

describe("proxy with a session", () => {
  it("lets pages and fetches through to their handlers", async () => {
    for (const headers of [navigate, fetchJson]) {
      const res = await call("/m/harbor-bistro/counter/captures", { method: "POST", headers: { ...headers, cookie: sessionCookie } });
      // Nothing, or Next's "carry on" marker: either way the handler answers.
      if (res) expect(res.headers.get("x-middleware-next")).toBe("1");
    }
  });
});

describe("isPageRequest", () => {
  it.each([
    [{ "sec-fetch-mode": "navigate" }, true],
    [{ "sec-fetch-mode": "cors" }, false],
    [{ "sec-fetch-mode": "same-origin", accept: "text/html" }, false],
    [{ accept: "text/html,*/*" }, true],
    [{ accept: "application/json" }, false],
    [{}, false],
    [{ rsc: "1" }, true],
    [{ "next-action": "x" }, true],
  ])("%o → %s", (headers, expected) => {
    expect(isPageRequest(new Headers(headers as Record<string, string>))).toBe(expected);
  });
});
