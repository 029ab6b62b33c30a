import { beforeEach, describe, expect, it, vi } from "vitest";

// The counter's sync against its real route handler and PostgreSQL: the session is whoever the
// test says (Next's cookies are not here), everything else is the app's own code.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));

import { POST as captureRoute } from "@/app/m/[merchant]/counter/captures/route";
import { judgeCaptureAnswer } from "@/features/visits/components/capture-outcome";
import { CODE_ALPHABET, checkCharacter, isPersonalCode } from "@/features/campaigns/codes";
import { lookupVoucher } from "@/features/visits/counter";
import { db, inTenantOf, makeMerchant } from "./helpers";

type TMade = Awaited<ReturnType<typeof makeMerchant>>;

// The counter stamps each capture with the moment it was taken on the device.
async function send(m: TMade, key: string, capture: Record<string, unknown>) {
  const payload = { occurredAt: new Date(Date.now() - 60_000).toISOString(), ...capture };
  const res = await captureRoute(
    new Request(`http://localhost/m/${m.merchant.slug}/counter/captures`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(payload),
    }),
    { params: Promise.resolve({ merchant: m.merchant.slug }) },
  );
  const contentType = res.headers.get("content-type");
  const body = (await res.json()) as Record<string, unknown>;
  // What the device will do with this answer.
  return { status: res.status, contentType, body, verdict: judgeCaptureAnswer(key, { status: res.status, contentType, body }) };
}

const visitsOf = (m: TMade, lastName: string) => db.visit.count({ where: { merchantId: m.merchant.id, customer: { lastName } } });

const signInAs = (u: { id: string; email: string }) => {
  session.user = { id: u.id, email: u.email, name: "Staff", isPlatformAdmin: false, counterMerchantId: null };
};

beforeEach(() => {
  session.user = null;
});

describe("POST /m/{merchant}/counter/captures", () => {
  it("answers a signed-out device 401 problem+json, records nothing, and the device keeps the capture", async () => {
    const m = await makeMerchant("Sync Out");
    const r = await send(m, crypto.randomUUID(), { customer: { firstName: "Ned", lastName: "Nosession" }, amountCents: 900 });
    expect(r.status).toBe(401);
    expect(r.contentType).toContain("application/problem+json");
    expect(r.verdict).toEqual({ kind: "keep", reason: "signed-out" });
    expect(await visitsOf(m, "Nosession")).toBe(0);
  });

  it("names the capture's idempotency key and its visit, so the device may let go of exactly that capture", async () => {
    const m = await makeMerchant("Sync Named");
    signInAs(m.staff);
    const key = crypto.randomUUID();
    const r = await send(m, key, { customer: { firstName: "Nina", lastName: "Named" }, amountCents: 1500 });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ idempotencyKey: key, visitId: expect.any(String) });
    const visit = await db.visit.findFirstOrThrow({ where: { merchantId: m.merchant.id, customer: { lastName: "Named" } } });
    expect(r.body.visitId).toBe(visit.id);
    expect(r.verdict).toEqual({ kind: "confirmed", visitId: visit.id });
  });

  it("records a capture sent after sign-in exactly once, however often the device resends it", async () => {
    const m = await makeMerchant("Sync Once");
    const keys = [crypto.randomUUID(), crypto.randomUUID()];
    const payloads = keys.map((_, i) => ({
      customer: { firstName: "Olly", lastName: `Once${i}` },
      amountCents: 1000 + i,
      occurredAt: new Date(Date.now() - 120_000).toISOString(),
    }));

    // Captured while the session had ended: both held on the device.
    for (const [i, key] of keys.entries()) expect((await send(m, key, payloads[i]!)).verdict).toEqual({ kind: "keep", reason: "signed-out" });

    // Signed back in: each sent, then resent as if the first answer were lost on the way back.
    signInAs(m.staff);
    for (const [i, key] of keys.entries()) {
      const first = await send(m, key, payloads[i]!);
      const again = await send(m, key, payloads[i]!);
      expect(first.verdict.kind).toBe("confirmed");
      expect(again.verdict).toEqual(first.verdict);
      expect(again.body.idempotencyKey).toBe(key);
    }
    expect(await visitsOf(m, "Once0")).toBe(1);
    expect(await visitsOf(m, "Once1")).toBe(1);
  });

  it("refuses a second redemption of a voucher as a conflict the device shows, not a success", async () => {
    const m = await makeMerchant("Sync Conflict");
    signInAs(m.staff);
    const deal = await db.deal.create({ data: { merchantId: m.merchant.id, title: "Deal" } });
    // A deal code that can never read as a personal code ("0" is outside their alphabet); the next
    // test is about the ones that can.
    const code = `SYNC0-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    await db.voucher.create({ data: { merchantId: m.merchant.id, dealId: deal.id, code, purchaserName: "Vera Voucher" } });
    expect((await send(m, crypto.randomUUID(), { voucherCode: code, amountCents: 500 })).verdict.kind).toBe("confirmed");
    const second = await send(m, crypto.randomUUID(), { voucherCode: code, amountCents: 500 });
    expect(second.status).toBe(409);
    expect(second.verdict).toMatchObject({ kind: "conflict", message: expect.stringContaining("already redeemed") });
  });

  it("finds a deal code loaded as printed even when it spells a valid personal code", async () => {
    const m = await makeMerchant("Sync Lookalike");
    signInAs(m.staff);
    const deal = await db.deal.create({ data: { merchantId: m.merchant.id, title: "Deal" } });
    // "SYNC" + five random code letters + the check character: ten characters that re-group as a
    // personal code ("SYNC-XXXX-XX"), printed by the publisher as "SYNC-XXXXXX".
    const payload = `SYNC${Array.from({ length: 5 }, () => CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)]).join("")}`;
    const printed = `SYNC-${(payload + checkCharacter(payload)).slice(4)}`;
    expect(isPersonalCode(printed)).toBe(true);
    await db.voucher.create({ data: { merchantId: m.merchant.id, dealId: deal.id, code: printed, purchaserName: "Lena Lookalike" } });

    expect(await inTenantOf(lookupVoucher)(m.merchant, printed.toLowerCase())).toMatchObject({ ok: true, code: printed, purchaserName: "Lena Lookalike" });
    const first = await send(m, crypto.randomUUID(), { voucherCode: printed.toLowerCase(), amountCents: 500 });
    expect(first.verdict.kind).toBe("confirmed");
    expect(first.body).toMatchObject({ voucher: { code: printed } });
    expect(await db.voucher.findFirstOrThrow({ where: { merchantId: m.merchant.id, code: printed }, select: { status: true } })).toEqual({
      status: "redeemed",
    });
  });
});
