import { describe, expect, it } from "vitest";
import { GET as mailbox } from "@/app/api/v1/dev/mailbox/route";
import { GET as health } from "@/app/api/health/route";
import { listMailboxOpening as listMailboxOpeningOf } from "@/features/delivery/mailbox";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const listMailboxOpening = inTenantOf(listMailboxOpeningOf);

const get = (path: string, key?: string) =>
  mailbox(new Request(`http://localhost${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), { params: Promise.resolve({}) });

describe("GET /api/v1/dev/mailbox", () => {
  it("answers 401 problem+json without a valid key", async () => {
    const res = await get("/api/v1/dev/mailbox");
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({ status: 401, title: "Unauthorized" });
    expect((await get("/api/v1/dev/mailbox", "rk_live_nope")).status).toBe(401);
  });

  it("shows a merchant only its own emails, with their headers", async () => {
    const a = await makeMerchant("Mail A");
    const b = await makeMerchant("Mail B");
    const base = { from: "x@example.com", html: "<p>x</p>", text: "x", transport: "mailbox" };
    await db.emailMessage.create({
      data: { ...base, merchantId: a.merchant.id, to: "guest@example.com", subject: "For A", headers: { "List-Unsubscribe": "<https://x/u/1>" } },
    });
    await db.emailMessage.create({ data: { ...base, merchantId: b.merchant.id, to: "guest@example.com", subject: "For B" } });

    const res = await get("/api/v1/dev/mailbox?to=GUEST@example.com", a.apiKey);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { subject: string; headers: Record<string, string> }[] };
    expect(body.data.map((m) => m.subject)).toEqual(["For A"]);
    expect(body.data[0]!.headers["List-Unsubscribe"]).toBe("<https://x/u/1>");
  });
});

describe("the mailbox page's list", () => {
  it("opens a linked message older than the newest ones, and never another merchant's", async () => {
    const a = await makeMerchant("Mailbox page A");
    const b = await makeMerchant("Mailbox page B");
    const base = { from: "x@example.com", html: "<p>x</p>", text: "x", transport: "mailbox", to: "guest@example.com" };
    const old = await db.emailMessage.create({ data: { ...base, merchantId: a.merchant.id, subject: "Old", sentAt: new Date("2026-01-01T00:00:00Z") } });
    for (const subject of ["New 1", "New 2", "New 3"]) await db.emailMessage.create({ data: { ...base, merchantId: a.merchant.id, subject } });
    const theirs = await db.emailMessage.create({ data: { ...base, merchantId: b.merchant.id, subject: "B's" } });

    const subjects = async (openId?: string) => (await listMailboxOpening(a.merchant.id, openId, 2)).map((m) => m.subject);
    expect(await subjects()).toHaveLength(2);
    expect(await subjects()).not.toContain("Old");
    expect((await subjects(old.id))[0]).toBe("Old");
    expect(await subjects(theirs.id)).not.toContain("B's");
    expect(await subjects("not-a-uuid")).toHaveLength(2);
  });
});

describe("GET /api/health", () => {
  it("reports the database reachable", async () => {
    const res = await health();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", db: "ok" });
  });
});
