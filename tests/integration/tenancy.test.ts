import { describe, expect, it } from "vitest";
import { createApiKeyForMerchant, createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { resolveApiKey } from "@/features/tenancy/api-keys";
import { homePathForUser, resolveMerchantMembership } from "@/features/tenancy/queries";
import { db, makeMerchant } from "./helpers";

describe("merchant membership", () => {
  it("resolves members with their role and nobody else", async () => {
    const a = await makeMerchant("Alpha");
    const b = await makeMerchant("Beta");
    expect(await resolveMerchantMembership(a.owner.id, a.merchant.slug)).toMatchObject({ role: "owner", merchant: { id: a.merchant.id } });
    expect(await resolveMerchantMembership(a.staff.id, a.merchant.slug)).toMatchObject({ role: "staff" });
    // A member of A asking for B gets exactly what a stranger asking for a missing merchant gets.
    expect(await resolveMerchantMembership(a.owner.id, b.merchant.slug)).toBeNull();
    expect(await resolveMerchantMembership(a.owner.id, "no-such-merchant")).toBeNull();
  });

  it("lets a publisher admin manage only their publisher's merchants", async () => {
    await db.publisher.create({ data: { slug: "pub-one", name: "Pub One" } });
    await db.publisher.create({ data: { slug: "pub-two", name: "Pub Two" } });
    const own = await createMerchant({ name: "Own", slug: "pub-own", timeZone: "Europe/Paris", publisherSlug: "pub-one" });
    const other = await createMerchant({ name: "Other", slug: "pub-other", timeZone: "Europe/Paris", publisherSlug: "pub-two" });
    const admin = await createUser({ email: "padmin@example.com", publisherSlug: "pub-one" });
    expect(await resolveMerchantMembership(admin.id, own.slug)).toMatchObject({ role: "manager" });
    expect(await resolveMerchantMembership(admin.id, other.slug)).toBeNull();
  });

  it("sends each role to its home", async () => {
    const a = await makeMerchant("Homes");
    const asUser = (u: { id: string; email: string; name: string }, isPlatformAdmin = false) => ({ ...u, isPlatformAdmin, counterMerchantId: null });
    expect(await homePathForUser(asUser(a.owner))).toBe(`/m/${a.merchant.slug}`);
    expect(await homePathForUser(asUser(a.staff))).toBe(`/m/${a.merchant.slug}/counter`);
    const admin = await createUser({ email: "root@example.com", platformAdmin: true });
    expect(await homePathForUser(asUser(admin, true))).toBe("/admin");
    const loner = await createUser({ email: "loner@example.com" });
    expect(await homePathForUser(asUser(loner))).toBe("/welcome");
  });
});

describe("operator commands (the CLI)", () => {
  it("validate input with clear messages and change nothing on failure", async () => {
    await expect(createMerchant({ name: "Bad", slug: "Bad Slug!", timeZone: "Mars/Olympus" })).rejects.toThrow(/lower-case|IANA/);
    expect(await db.merchant.count({ where: { name: "Bad" } })).toBe(0);
    await expect(createUser({ email: "not-an-email" })).rejects.toThrow("Enter a valid email address.");
  });

  it("refuse a duplicate merchant slug", async () => {
    await createMerchant({ name: "Once", slug: "only-once", timeZone: "UTC" });
    await expect(createMerchant({ name: "Twice", slug: "only-once", timeZone: "UTC" })).rejects.toThrow("already exists");
  });

  it("create a user idempotently: a second run updates the membership", async () => {
    const m = await makeMerchant("Idem");
    const first = await createUser({ email: "idem@example.com", merchantSlug: m.merchant.slug, role: "staff" });
    const second = await createUser({ email: "IDEM@example.com", merchantSlug: m.merchant.slug, role: "manager" });
    expect(second.id).toBe(first.id);
    expect(await resolveMerchantMembership(first.id, m.merchant.slug)).toMatchObject({ role: "manager" });
  });
});

describe("API keys", () => {
  it("are stored hashed, resolve to their merchant, and stop working when revoked", async () => {
    const m = await makeMerchant("Keys");
    const key = await createApiKeyForMerchant({ merchantSlug: m.merchant.slug, name: "POS" });
    const stored = await db.apiKey.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: key.id } }, omit: { hashedKey: false } });
    expect(stored.hashedKey).not.toContain(key.key);
    expect(stored.hashedKey).toMatch(/^[0-9a-f]{64}$/);
    expect((await resolveApiKey(key.key))?.merchant.id).toBe(m.merchant.id);
    expect(await resolveApiKey(`${key.key}x`)).toBeNull();
    // Written straight to the table, as another app instance would: no cache to clear, refused at once.
    await db.apiKey.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: key.id } }, data: { revokedAt: new Date() } });
    expect(await resolveApiKey(key.key)).toBeNull();
  });
});

describe("database-level tenant guarantees", () => {
  it("refuse a visit that points at another merchant's customer", async () => {
    const a = await makeMerchant("FK A");
    const b = await makeMerchant("FK B");
    const customer = await db.customer.create({ data: { merchantId: b.merchant.id, email: "x@example.com", emailNormalized: "x@example.com" } });
    await expect(
      db.visit.create({
        data: {
          merchantId: a.merchant.id,
          customerId: customer.id,
          occurredAt: new Date(),
          localDate: new Date("2026-01-01"),
          localDayOfWeek: 4,
          localHour: 12,
        },
      }),
    ).rejects.toThrow();
  });
});
