import { describe, expect, it } from "vitest";
import { authOptions, COUNTER_DEVICE_COOKIE } from "@/lib/auth";
import { hashPassword } from "@/lib/password";
import { randomToken, sha256 } from "@/lib/tokens";
import { db, makeMerchant } from "./helpers";

type TAuthorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string; counterMerchantId?: string } | null>;

function provider(id: string): TAuthorize {
  // next-auth keeps the configured id and authorize in `options` until its core merges them.
  const p = authOptions.providers.find((x) => (x as unknown as { options: { id: string } }).options.id === id) as unknown as {
    options: { authorize: TAuthorize };
  };
  return p.options.authorize;
}

describe("password sign-in", () => {
  it("accepts the right password, case-insensitive email, and refuses the rest", async () => {
    const m = await makeMerchant("Pw");
    const ok = await provider("password")({ email: `OWNER-${m.merchant.slug}@EXAMPLE.com`, password: "owner-password-1" }, { headers: {} });
    expect(ok?.id).toBe(m.owner.id);
    expect(await provider("password")({ email: `owner-${m.merchant.slug}@example.com`, password: "wrong" }, { headers: {} })).toBeNull();
    expect(await provider("password")({ email: "ghost@example.com", password: "owner-password-1" }, { headers: {} })).toBeNull();
    expect(await provider("password")({ email: "not an email", password: "x" }, { headers: {} })).toBeNull();
  });
});

describe("email link sign-in", () => {
  it("works once and never after expiry", async () => {
    const m = await makeMerchant("Link");
    const email = `owner-${m.merchant.slug}@example.com`;
    const token = randomToken();
    await db.magicLinkToken.create({ data: { tokenHash: sha256(token), email, expiresAt: new Date(Date.now() + 60_000) } });
    expect((await provider("magic-link")({ token }, { headers: {} }))?.id).toBe(m.owner.id);
    expect(await provider("magic-link")({ token }, { headers: {} })).toBeNull();

    const stale = randomToken();
    await db.magicLinkToken.create({ data: { tokenHash: sha256(stale), email, expiresAt: new Date(Date.now() - 1) } });
    expect(await provider("magic-link")({ token: stale }, { headers: {} })).toBeNull();
  });
});

describe("counter PIN sign-in", () => {
  it("needs a paired, unrevoked tablet of the same merchant and the member's PIN", async () => {
    const a = await makeMerchant("Pin A");
    const b = await makeMerchant("Pin B");
    await db.membership.update({
      where: { merchantId_userId: { merchantId: a.merchant.id, userId: a.staff.id } },
      data: { pinHash: await hashPassword("4321") },
    });
    const secret = randomToken();
    const device = await db.counterDevice.create({ data: { merchantId: a.merchant.id, name: "Till", tokenHash: sha256(secret), pairedById: a.owner.id } });
    const cookie = { cookie: `other=1; ${COUNTER_DEVICE_COOKIE}=${secret}` };
    const pin = provider("counter-pin");

    const ok = await pin({ merchantSlug: a.merchant.slug, userId: a.staff.id, pin: "4321" }, { headers: cookie });
    expect(ok).toMatchObject({ id: a.staff.id, counterMerchantId: a.merchant.id });
    expect(await pin({ merchantSlug: a.merchant.slug, userId: a.staff.id, pin: "1111" }, { headers: cookie })).toBeNull();
    // No device cookie, or the tablet of another merchant: refused.
    expect(await pin({ merchantSlug: a.merchant.slug, userId: a.staff.id, pin: "4321" }, { headers: {} })).toBeNull();
    expect(await pin({ merchantSlug: b.merchant.slug, userId: a.staff.id, pin: "4321" }, { headers: cookie })).toBeNull();
    // A member without a PIN cannot sign in by PIN.
    expect(await pin({ merchantSlug: a.merchant.slug, userId: a.owner.id, pin: "4321" }, { headers: cookie })).toBeNull();

    await db.counterDevice.update({ where: { merchantId_id: { merchantId: a.merchant.id, id: device.id } }, data: { revokedAt: new Date() } });
    expect(await pin({ merchantSlug: a.merchant.slug, userId: a.staff.id, pin: "4321" }, { headers: cookie })).toBeNull();
  });
});
