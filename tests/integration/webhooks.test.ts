import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// The receiver runs on this machine, so this file allows private addresses; the guard that
// refuses them otherwise is proven at the end with the guard itself.
vi.hoisted(() => {
  process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "1";
});
const auth = vi.hoisted(() => ({ session: null as unknown }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<typeof import("next-auth")>()), getServerSession: async () => auth.session }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { POST as postVisit } from "@/app/api/v1/visits/route";
import { GET as listEndpoints, POST as postEndpoint } from "@/app/api/v1/webhook-endpoints/route";
import { DELETE as deleteEndpoint, GET as getEndpoint, PATCH as patchEndpoint } from "@/app/api/v1/webhook-endpoints/[id]/route";
import { GET as listDeliveries } from "@/app/api/v1/webhook-endpoints/[id]/deliveries/route";
import { POST as rotateSecret } from "@/app/api/v1/webhook-endpoints/[id]/rotate-secret/route";
import { copyLine, importCustomers as importCustomersOf } from "@/features/imports/customer-import";
import { createWebhookEndpointAction } from "@/features/webhooks/actions";
import { deliverDueWebhooks, postWebhookWith } from "@/features/webhooks/delivery";
import { resendWebhookDelivery as resendWebhookDeliveryOf } from "@/features/webhooks/endpoints";
import { webhookUrlProblem } from "@/features/webhooks/url-guard";
import { authOptions } from "@/lib/auth";
import { callRoute, db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions called directly run in their merchant's scope, as the request chain runs them.
const resendWebhookDelivery = inTenantOf(resendWebhookDeliveryOf);
const importCustomers = inTenantOf(importCustomersOf);

type TReceived = { headers: IncomingHttpHeaders; body: string };

// A local receiver: records every request and answers with the next status of `answers` (200 when empty).
const received: TReceived[] = [];
const answers: number[] = [];
let receiverUrl = "";
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    res.writeHead(answers.shift() ?? 200, { "content-type": "text/plain" }).end("thanks");
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(async () => {
  // The worker's claim spans merchants: each test starts with no delivery left by another.
  await db.$executeRaw`DELETE FROM webhook_deliveries`;
  received.length = 0;
  answers.length = 0;
  auth.session = null;
});

const hours = (n: number) => n * 3600_000;
const typesOf = (r: TReceived[]) => r.map((x) => (JSON.parse(x.body) as { type: string }).type).sort();

async function subscribe(key: string, events: string[], url = receiverUrl) {
  const res = await callRoute(postEndpoint, "/api/v1/webhook-endpoints", { key, body: { url, events } });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string };
}

const visitBody = (email: string) => ({
  customer: { email, firstName: "Wes" },
  occurredAt: new Date().toISOString(),
  amountCents: 4200,
  partySize: 2,
  rating: 3,
});

describe("outbound webhooks", () => {
  it("delivers a captured visit and its new customer once each, signed so a Standard Webhooks library verifies them", async () => {
    const m = await makeMerchant("Hooks A");
    const endpoint = await subscribe(m.apiKey, ["visit.created", "customer.created"]);
    const visit = await callRoute(postVisit, "/api/v1/visits", { key: m.apiKey, body: visitBody("wes@example.com") });
    expect(visit.status).toBe(201);
    const { id: visitId, customerId } = (await visit.json()) as { id: string; customerId: string };

    // The events are in the outbox with the change, before any worker ran.
    const events = await db.outboundEvent.findMany({ where: { merchantId: m.merchant.id }, orderBy: { type: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["customer.created", "visit.created"]);

    expect(await deliverDueWebhooks()).toMatchObject({ attempted: 2, succeeded: 2 });
    expect(typesOf(received)).toEqual(["customer.created", "visit.created"]);
    const wh = new Webhook(endpoint.secret);
    for (const r of received) {
      const payload = wh.verify(r.body, r.headers as Record<string, string>) as { type: string; timestamp: string; data: Record<string, unknown> };
      expect(events.map((e) => e.id)).toContain(r.headers["webhook-id"]);
      expect(payload.data.id).toBe(payload.type === "visit.created" ? visitId : customerId);
    }
    const visitEvent = JSON.parse(received.find((r) => r.body.includes("visit.created"))!.body) as { data: Record<string, unknown> };
    expect(visitEvent.data).toMatchObject({ id: visitId, customerId, amountCents: 4200, partySize: 2, rating: 3 });
    // A tampered body fails verification.
    expect(() => wh.verify(received[0]!.body.replace("Wes", "Eve"), received[0]!.headers as Record<string, string>)).toThrow();

    // Delivered is delivered: nothing is due any more.
    expect(await deliverDueWebhooks()).toMatchObject({ attempted: 0 });
    expect(received).toHaveLength(2);
  });

  it("writes no event for a change that rolled back, for an event no endpoint wants, or for a merchant without endpoints", async () => {
    const a = await makeMerchant("Hooks rollback");
    const b = await makeMerchant("Hooks none");
    await subscribe(a.apiKey, ["customer.created"]);
    await expect(
      db.$transaction(async (tx) => {
        await tx.customer.create({ data: { merchantId: a.merchant.id, firstName: "Ghost" } });
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await db.outboundEvent.count({ where: { merchantId: a.merchant.id } })).toBe(0);

    // visit.created is not subscribed: only the customer's event is written.
    await callRoute(postVisit, "/api/v1/visits", { key: a.apiKey, body: visitBody("only-customer@example.com") });
    expect((await db.outboundEvent.findMany({ where: { merchantId: a.merchant.id } })).map((e) => e.type)).toEqual(["customer.created"]);

    await callRoute(postVisit, "/api/v1/visits", { key: b.apiKey, body: visitBody("b@example.com") });
    expect(await db.outboundEvent.count({ where: { merchantId: b.merchant.id } })).toBe(0);
  });

  it("tells customer.updated from the aggregates a capture keeps, and sends customer.unsubscribed once", async () => {
    const m = await makeMerchant("Hooks profile");
    await subscribe(m.apiKey, ["customer.updated", "customer.unsubscribed"]);
    const c = await db.customer.create({
      data: { merchantId: m.merchant.id, firstName: "Una", email: "una@example.com", emailNormalized: "una@example.com", emailConsent: true },
    });
    await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: c.id } }, data: { visitCount: 5, totalSpentCents: 9000 } });
    expect(await db.outboundEvent.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: c.id } }, data: { lastName: "Ng" } });
    await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: c.id } }, data: { emailConsent: false, unsubscribedAt: new Date() } });
    const types = (await db.outboundEvent.findMany({ where: { merchantId: m.merchant.id }, orderBy: { createdAt: "asc" } })).map((e) => e.type);
    expect(types.sort()).toEqual(["customer.unsubscribed", "customer.updated", "customer.updated"]);
  });

  it("sends voucher.redeemed when a deal voucher is redeemed at capture", async () => {
    const m = await makeMerchant("Hooks voucher");
    await subscribe(m.apiKey, ["voucher.redeemed"]);
    const deal = await db.deal.create({ data: { merchantId: m.merchant.id, title: "$20 for $40" } });
    const voucher = await db.voucher.create({ data: { merchantId: m.merchant.id, dealId: deal.id, code: "HOOK-1234" } });
    const res = await callRoute(postVisit, "/api/v1/visits", { key: m.apiKey, body: { ...visitBody("v@example.com"), voucherCode: "HOOK-1234" } });
    expect(res.status).toBe(201);
    const { id: visitId } = (await res.json()) as { id: string };
    const [event] = await db.outboundEvent.findMany({ where: { merchantId: m.merchant.id } });
    expect(event).toMatchObject({
      type: "voucher.redeemed",
      payload: { type: "voucher.redeemed", data: { id: voucher.id, code: "HOOK-1234", dealId: deal.id, visitId } },
    });
  });

  it("sends no per-row events for a CSV import, and the import's connections write events again afterwards", async () => {
    const m = await makeMerchant("Hooks import");
    await subscribe(m.apiKey, ["customer.created", "customer.updated"]);
    const rows = Array.from({ length: 50 }, (_, i) => ({ email: `imp${i}@example.com`, firstName: `Imp${i}` }));
    async function* lines() {
      for (let i = 0; i < rows.length; i++) yield copyLine(i + 2, rows[i]!);
    }
    const imported = await importCustomers({
      merchantId: m.merchant.id,
      importId: crypto.randomUUID(),
      source: lines(),
      mapping: { email: "email", firstName: "first" },
      progress: async () => {},
    });
    expect(imported).toBe(50);
    expect(await db.outboundEvent.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    // The setting was the import's only: a write on the same pool afterwards emits its event.
    await db.$executeRaw`UPDATE customers SET "firstName" = 'Changed' WHERE "merchantId" = ${m.merchant.id}::uuid AND email = 'imp1@example.com'`;
    await Promise.all(Array.from({ length: 6 }, (_, i) => db.customer.create({ data: { merchantId: m.merchant.id, firstName: `After${i}` } })));
    expect(await db.outboundEvent.count({ where: { merchantId: m.merchant.id } })).toBe(7);
  });

  it("retries after a 500 with back-off, and the retry carries the same webhook-id", async () => {
    const m = await makeMerchant("Hooks retry");
    const endpoint = await subscribe(m.apiKey, ["customer.created"]);
    await db.customer.create({ data: { merchantId: m.merchant.id, firstName: "Rita" } });
    answers.push(500);
    const t0 = new Date();
    expect(await deliverDueWebhooks({ now: t0 })).toMatchObject({ attempted: 1, failed: 1 });
    const [after1] = await db.webhookDelivery.findMany({ where: { merchantId: m.merchant.id } });
    expect(after1).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500, lastResponse: "thanks" });
    const wait = after1!.nextAttemptAt!.getTime() - t0.getTime();
    expect(wait).toBeGreaterThanOrEqual(27_000);
    expect(wait).toBeLessThanOrEqual(33_000);
    expect((await db.webhookEndpoint.findFirst({ where: { id: endpoint.id } }))?.failingSince).not.toBeNull();

    expect(await deliverDueWebhooks({ now: new Date(t0.getTime() + 10_000) })).toMatchObject({ attempted: 0 });
    expect(await deliverDueWebhooks({ now: new Date(t0.getTime() + 40_000) })).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(received).toHaveLength(2);
    expect(received[0]!.headers["webhook-id"]).toBe(received[1]!.headers["webhook-id"]);
    expect(await db.webhookDelivery.findFirst({ where: { merchantId: m.merchant.id } })).toMatchObject({ status: "succeeded", attempts: 2 });
    expect((await db.webhookEndpoint.findFirst({ where: { id: endpoint.id } }))?.failingSince).toBeNull();

    // "Resend" delivers it again, still with the same webhook-id.
    await resendWebhookDelivery(m.merchant.id, endpoint.id, after1!.eventId, { userId: m.owner.id });
    expect(await deliverDueWebhooks()).toMatchObject({ attempted: 1, succeeded: 1 });
    expect(received[2]!.headers["webhook-id"]).toBe(received[0]!.headers["webhook-id"]);
  });

  it("gives up after 3 days, turns off an endpoint that failed all that time, tells its owner, and writes nothing more for it", async () => {
    const m = await makeMerchant("Hooks dead");
    const endpoint = await subscribe(m.apiKey, ["customer.created"]);
    await db.customer.create({ data: { merchantId: m.merchant.id, firstName: "Dee" } });
    const start = new Date();
    let now = start;
    for (let i = 0; i < 40; i++) {
      answers.push(503);
      await deliverDueWebhooks({ now });
      const d = await db.webhookDelivery.findFirst({ where: { merchantId: m.merchant.id } });
      if (d!.status !== "pending") break;
      now = d!.nextAttemptAt!;
    }
    const delivery = await db.webhookDelivery.findFirst({ where: { merchantId: m.merchant.id } });
    expect(delivery).toMatchObject({ status: "failed", lastStatusCode: 503 });
    // Exponential: about 16 attempts fit in 3 days (30 s doubling, at most 6 h apart), not hundreds.
    expect(delivery!.attempts).toBeGreaterThan(10);
    expect(delivery!.attempts).toBeLessThan(25);
    expect(delivery!.lastAttemptAt!.getTime() - start.getTime()).toBeLessThanOrEqual(hours(72));
    expect(delivery!.lastAttemptAt!.getTime() - start.getTime()).toBeGreaterThan(hours(60));

    const ep = await db.webhookEndpoint.findFirst({ where: { id: endpoint.id } });
    expect(ep?.disabledAt).not.toBeNull();
    expect(ep?.disabledReason).toContain("3 days");
    expect(await db.auditLog.count({ where: { merchantId: m.merchant.id, action: "webhook_endpoint.disabled" } })).toBe(1);
    const mail = await db.emailMessage.findMany({ where: { merchantId: m.merchant.id, to: m.owner.email.toLowerCase() } });
    expect(mail.map((x) => x.subject)).toEqual([`Webhook endpoint turned off: ${receiverUrl}`]);

    await db.customer.create({ data: { merchantId: m.merchant.id, firstName: "After" } });
    expect(await db.outboundEvent.count({ where: { merchantId: m.merchant.id } })).toBe(1);

    // Turned back on through the API, it receives events again.
    const patched = await callRoute(patchEndpoint, `/api/v1/webhook-endpoints/${endpoint.id}`, {
      key: m.apiKey,
      method: "PATCH",
      body: { enabled: true },
      params: { id: endpoint.id },
    });
    expect(patched.status).toBe(200);
    await db.customer.create({ data: { merchantId: m.merchant.id, firstName: "Back" } });
    expect(await deliverDueWebhooks()).toMatchObject({ attempted: 1, succeeded: 1 });
  });

  it("delivers each event once when two workers run at the same time", async () => {
    const m = await makeMerchant("Hooks workers");
    await subscribe(m.apiKey, ["customer.created"]);
    for (let i = 0; i < 30; i++) await db.customer.create({ data: { merchantId: m.merchant.id, firstName: `P${i}` } });
    const [one, two] = await Promise.all([deliverDueWebhooks({ limit: 10 }), deliverDueWebhooks({ limit: 10 })]);
    await deliverDueWebhooks({ limit: 100 });
    expect(one.attempted + two.attempted).toBe(20);
    const ids = received.map((r) => r.headers["webhook-id"]);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
  });

  it("signs with both secrets for a day after a rotation, so the receiver can switch without a gap", async () => {
    const m = await makeMerchant("Hooks rotate");
    const endpoint = await subscribe(m.apiKey, ["customer.created"]);
    const res = await callRoute(rotateSecret, `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key: m.apiKey, params: { id: endpoint.id } });
    const { secret } = (await res.json()) as { secret: string };
    expect(secret).not.toBe(endpoint.secret);
    await db.customer.create({ data: { merchantId: m.merchant.id, firstName: "Roto" } });
    await deliverDueWebhooks();
    const [r] = received;
    expect(String(r!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const s of [secret, endpoint.secret]) expect(() => new Webhook(s).verify(r!.body, r!.headers as Record<string, string>)).not.toThrow();
  });

  it("keeps every endpoint, secret and delivery inside its merchant", async () => {
    const a = await makeMerchant("Hooks iso A");
    const b = await makeMerchant("Hooks iso B");
    const endpoint = await subscribe(a.apiKey, ["customer.created"]);
    await db.customer.create({ data: { merchantId: a.merchant.id, firstName: "Private" } });

    const listB = (await (await callRoute(listEndpoints, "/api/v1/webhook-endpoints", { key: b.apiKey, method: "GET" })).json()) as { data: unknown[] };
    expect(listB.data).toEqual([]);
    const listA = (await (await callRoute(listEndpoints, "/api/v1/webhook-endpoints", { key: a.apiKey, method: "GET" })).json()) as {
      data: Record<string, unknown>[];
    };
    expect(listA.data).toHaveLength(1);
    expect(JSON.stringify(listA)).not.toContain(endpoint.secret);

    const asB = { key: b.apiKey, params: { id: endpoint.id } };
    expect((await callRoute(getEndpoint, `/api/v1/webhook-endpoints/${endpoint.id}`, { ...asB, method: "GET" })).status).toBe(404);
    expect(
      (await callRoute(patchEndpoint, `/api/v1/webhook-endpoints/${endpoint.id}`, { ...asB, method: "PATCH", body: { url: "http://127.0.0.1:9/stolen" } }))
        .status,
    ).toBe(404);
    expect((await callRoute(listDeliveries, `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, { ...asB, method: "GET" })).status).toBe(404);
    expect((await callRoute(rotateSecret, `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, asB)).status).toBe(404);
    expect((await callRoute(deleteEndpoint, `/api/v1/webhook-endpoints/${endpoint.id}`, { ...asB, method: "DELETE" })).status).toBe(404);
    expect((await callRoute(getEndpoint, `/api/v1/webhook-endpoints/not-a-uuid`, { key: a.apiKey, method: "GET", params: { id: "not-a-uuid" } })).status).toBe(
      404,
    );
    await expect(resendWebhookDelivery(b.merchant.id, endpoint.id, crypto.randomUUID(), {})).rejects.toThrow("not found");

    const log = (await (
      await callRoute(listDeliveries, `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, { key: a.apiKey, method: "GET", params: { id: endpoint.id } })
    ).json()) as { data: { type: string }[] };
    expect(log.data.map((d) => d.type)).toEqual(["customer.created"]);
    expect((await db.webhookEndpoint.findFirst({ where: { id: endpoint.id } }))?.url).toBe(receiverUrl);
    expect(
      (await callRoute(deleteEndpoint, `/api/v1/webhook-endpoints/${endpoint.id}`, { key: a.apiKey, method: "DELETE", params: { id: endpoint.id } })).status,
    ).toBe(204);
  });

  it("pages the delivery log without skipping deliveries of one transaction (same createdAt)", async () => {
    const m = await makeMerchant("Hooks paging");
    const endpoint = await subscribe(m.apiKey, ["customer.created"]);
    // 120 customers in one statement: their events and deliveries share one createdAt.
    await db.$executeRaw`INSERT INTO customers ("merchantId", "firstName", "updatedAt") SELECT ${m.merchant.id}::uuid, 'Bulk ' || g, now() FROM generate_series(1, 120) g`;
    expect(
      new Set((await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, select: { createdAt: true } })).map((d) => d.createdAt.getTime())).size,
    ).toBe(1);
    const page = async (query: string) =>
      (await (
        await callRoute(listDeliveries, `/api/v1/webhook-endpoints/${endpoint.id}/deliveries${query}`, {
          key: m.apiKey,
          method: "GET",
          params: { id: endpoint.id },
        })
      ).json()) as {
        data: { eventId: string }[];
        nextCursor: string | null;
      };
    const seen: string[] = [];
    let query = "";
    for (let i = 0; i < 5; i++) {
      const p = await page(query);
      seen.push(...p.data.map((d) => d.eventId));
      if (!p.nextCursor) break;
      query = `?cursor=${encodeURIComponent(p.nextCursor)}`;
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    const bad = await callRoute(listDeliveries, `/api/v1/webhook-endpoints/${endpoint.id}/deliveries?cursor=2026-01-01`, {
      key: m.apiKey,
      method: "GET",
      params: { id: endpoint.id },
    });
    expect(bad.status).toBe(400);
  });

  it("lets a manager add an endpoint in the app, and refuses staff", async () => {
    const m = await makeMerchant("Hooks roles");
    const signIn = async (u: { id: string; email: string }) => {
      const token = (await authOptions.callbacks!.jwt!({
        token: { sub: u.id },
        user: { id: u.id, email: u.email, name: "" },
        account: null,
      } as never)) as Record<string, unknown>;
      auth.session = await authOptions.callbacks!.session!({ session: { user: { name: "", email: u.email }, expires: "" }, token } as never);
    };
    await signIn(m.staff);
    const refused = await createWebhookEndpointAction(m.merchant.slug, { url: receiverUrl, events: ["visit.created"] });
    expect(refused).toMatchObject({ ok: false });
    await signIn(m.owner);
    const bad = await createWebhookEndpointAction(m.merchant.slug, { url: "ftp://example.com/x", events: [] });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { events: "Pick at least one event." } });
    const ok = await createWebhookEndpointAction(m.merchant.slug, { url: receiverUrl, events: ["visit.created"] });
    expect(ok).toMatchObject({ ok: true, data: { secret: expect.stringMatching(/^whsec_/) } });
    // Another merchant's slug is a 404 for this owner, as for anyone who is not a member.
    const other = await makeMerchant("Hooks roles other");
    expect(await createWebhookEndpointAction(other.merchant.slug, { url: receiverUrl, events: ["visit.created"] })).toMatchObject({ ok: false });
    expect(await db.webhookEndpoint.count({ where: { merchantId: other.merchant.id } })).toBe(0);
    expect(await db.webhookEndpoint.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });

  it("refuses endpoints inside the network unless allowed, at save time and at delivery", async () => {
    for (const url of [
      "http://example.com/hook",
      "https://127.0.0.1/x",
      "https://10.1.2.3/x",
      "https://[::1]/x",
      "https://169.254.169.254/latest",
      "https://localhost/x",
      "https://db.internal/x",
      "https://user:pw@example.com/x",
      "not a url",
    ]) {
      expect(webhookUrlProblem(url, false), url).not.toBeNull();
    }
    expect(webhookUrlProblem("https://hooks.example.com/regulars", false)).toBeNull();
    // At delivery the connection's own address is checked: a name resolving to loopback is refused.
    await expect(postWebhookWith(false)(receiverUrl, {}, "{}")).rejects.toMatchObject({ code: "EPRIVATEADDRESS" });
    await expect(postWebhookWith(false)(receiverUrl.replace("127.0.0.1", "localhost"), {}, "{}")).rejects.toMatchObject({ code: "EPRIVATEADDRESS" });
    expect(received).toHaveLength(0);
  });
});
