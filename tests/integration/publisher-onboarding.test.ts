import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Issue 15, steps 1 and 2: a publisher admin onboards a merchant and invites its owner; the owner
// accepts once; an owner runs the team (invite, role, remove) and never loses the last owner.
const session = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, set: () => undefined }) }));

import {
  acceptInvitationAction,
  resendInvitationAsPublisherAction,
  revokeInvitationAsPublisherAction,
  acceptInvitationAsMeAction,
  changeMemberRoleAction,
  inviteMemberAction,
  removeMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/features/accounts/actions";
import { getInvitationByToken } from "@/features/accounts/invitations";
import { onboardMerchantAction, suggestMerchantSlugAction } from "@/features/publishers/actions";
import { createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { resolveMerchantMembership } from "@/features/tenancy/queries";
import { db, makeMerchant } from "./helpers";

type TUser = { id: string; email: string; name: string };
const as = (u: TUser | null, extra: Record<string, unknown> = {}) => {
  session.user = u ? { id: u.id, email: u.email, name: u.name, isPlatformAdmin: false, counterMerchantId: null, ...extra } : null;
};

/** The token in the newest invitation email to `to` (the development mailbox). */
async function inviteTokenFor(to: string): Promise<string> {
  const mail = await db.emailMessage.findFirstOrThrow({ where: { to }, orderBy: { sentAt: "desc" } });
  const token = mail.text.match(/\/invite\/([A-Za-z0-9_-]{20,})/)?.[1];
  if (!token) throw new Error(`no invite link in: ${mail.text}`);
  return token;
}

let admin: TUser;
let otherAdmin: TUser;
const form = (over: Record<string, unknown> = {}) => ({
  name: "Harbor Bistro",
  slug: "harbor-bistro",
  timeZone: "America/Chicago",
  currency: "usd",
  category: "restaurant",
  addressLine1: "12 Harbor Rd",
  city: "Portland",
  region: "ME",
  postalCode: "04101",
  country: "us",
  brandColor: "#123456",
  logoUrl: "https://example.com/logo.png",
  ownerEmail: "Owner@Harbor.example",
  ...over,
});

beforeAll(async () => {
  await db.publisher.create({ data: { slug: "daily-eats", name: "Daily Eats" } });
  await db.publisher.create({ data: { slug: "city-deals", name: "City Deals" } });
  admin = await createUser({ email: "admin@dailyeats.example", name: "Pat Admin", publisherSlug: "daily-eats" });
  otherAdmin = await createUser({ email: "admin@citydeals.example", name: "Other Admin", publisherSlug: "city-deals" });
});

beforeEach(() => as(admin));

describe("onboarding a merchant from the publisher console", () => {
  it("creates the merchant with its zone, currency, address and branding, and emails its owner a single-use link (only the hash is stored)", async () => {
    const r = await onboardMerchantAction("daily-eats", form());
    expect(r).toMatchObject({ ok: true, data: { merchant: { slug: "harbor-bistro" } } });
    const m = await db.merchant.findUniqueOrThrow({ where: { slug: "harbor-bistro" } });
    expect(m).toMatchObject({
      timeZone: "America/Chicago",
      currency: "USD",
      addressLine1: "12 Harbor Rd",
      postalCode: "04101",
      country: "US",
      brandColor: "#123456",
      logoUrl: "https://example.com/logo.png",
    });
    expect(m.publisherId).toBe((await db.publisher.findUniqueOrThrow({ where: { slug: "daily-eats" } })).id);

    const token = await inviteTokenFor("owner@harbor.example");
    const inv = await db.invitation.findFirstOrThrow({ where: { merchantId: m.id } });
    expect(inv).toMatchObject({ email: "owner@harbor.example", role: "owner", acceptedAt: null });
    expect(inv.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(inv.tokenHash).not.toContain(token);
    expect(await db.auditLog.count({ where: { merchantId: m.id, action: { in: ["merchant.created", "invitation.created"] } } })).toBe(2);

    // The owner sets a password and lands in their merchant as its owner.
    as(null);
    expect(await getInvitationByToken(token)).toMatchObject({ status: "pending", accountExists: false, merchant: { name: "Harbor Bistro" } });
    const accepted = await acceptInvitationAction({ token, name: "Olive Owner", password: "a-good-password-1" });
    expect(accepted).toEqual({ ok: true, data: { merchantSlug: "harbor-bistro", email: "owner@harbor.example" } });
    const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@harbor.example" } });
    expect(await resolveMerchantMembership(owner.id, "harbor-bistro")).toMatchObject({ role: "owner" });

    // Single use: the same link again is refused and changes nothing.
    const again = await acceptInvitationAction({ token, name: "Mallory", password: "another-password-2" });
    expect(again).toMatchObject({ ok: false, error: expect.stringMatching(/already used/) });
    expect((await db.user.findUniqueOrThrow({ where: { email: "owner@harbor.example" } })).name).toBe("Olive Owner");
  });

  it("refuses bad input where it was entered and creates nothing", async () => {
    const r = await onboardMerchantAction(
      "daily-eats",
      form({ slug: "Bad Slug", timeZone: "Mars/Base", ownerEmail: "nope", country: "USA", name: "Bad Input Co" }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.fieldErrors ?? {})).toEqual(expect.arrayContaining(["slug", "timeZone", "ownerEmail", "country"]));
    expect(await db.merchant.count({ where: { name: "Bad Input Co" } })).toBe(0);
  });

  it("suggests a free slug from the name and reports a taken one on the slug field", async () => {
    await createMerchant({ name: "Taken", slug: "corner-cafe", timeZone: "UTC" });
    expect(await suggestMerchantSlugAction("daily-eats", { name: "Corner Café" })).toEqual({ ok: true, data: { slug: "corner-cafe-2" } });
    const r = await onboardMerchantAction("daily-eats", form({ slug: "corner-cafe", ownerEmail: "o@corner.example" }));
    expect(r).toMatchObject({ ok: false, fieldErrors: { slug: "Taken — try corner-cafe-2." } });
  });

  it("answers 404 to another publisher's admin and to a merchant's owner without publisher rights", async () => {
    as(otherAdmin);
    expect(await onboardMerchantAction("daily-eats", form({ slug: "sneaky-one", ownerEmail: "x@example.com" }))).toMatchObject({
      ok: false,
      error: "That publisher was not found.",
    });
    const m = await makeMerchant("Plain Merchant");
    as(m.owner);
    expect(await onboardMerchantAction("daily-eats", form({ slug: "sneaky-two", ownerEmail: "x@example.com" }))).toMatchObject({
      ok: false,
      error: "That publisher was not found.",
    });
    expect(await db.merchant.count({ where: { slug: { in: ["sneaky-one", "sneaky-two"] } } })).toBe(0);
  });

  it("re-sends (the old link stops working), revokes, and lets an invitation expire; another publisher cannot touch it", async () => {
    await onboardMerchantAction("daily-eats", form({ slug: "resend-bistro", ownerEmail: "resend@example.com" }));
    const m = await db.merchant.findUniqueOrThrow({ where: { slug: "resend-bistro" } });
    const inv = await db.invitation.findFirstOrThrow({ where: { merchantId: m.id } });
    const first = await inviteTokenFor("resend@example.com");

    as(otherAdmin);
    expect(await resendInvitationAsPublisherAction("city-deals", { merchantSlug: "resend-bistro", invitationId: inv.id })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    expect(await revokeInvitationAsPublisherAction("daily-eats", { merchantSlug: "resend-bistro", invitationId: inv.id })).toMatchObject({
      ok: false,
      error: "That publisher was not found.",
    });

    as(admin);
    expect(await resendInvitationAsPublisherAction("daily-eats", { merchantSlug: "resend-bistro", invitationId: inv.id })).toMatchObject({ ok: true });
    const second = await inviteTokenFor("resend@example.com");
    expect(second).not.toBe(first);
    expect(await getInvitationByToken(first)).toBeNull();
    expect((await db.invitation.findFirstOrThrow({ where: { id: inv.id } })).sendCount).toBe(2);

    // Expired: refused with a message that says so.
    await db.invitation.update({ where: { merchantId_id: { merchantId: m.id, id: inv.id } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await acceptInvitationAction({ token: second, name: "Late", password: "late-password-1" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/expired/),
    });
    // Re-sending an expired invitation revives it with a new link.
    await resendInvitationAsPublisherAction("daily-eats", { merchantSlug: "resend-bistro", invitationId: inv.id });
    const third = await inviteTokenFor("resend@example.com");
    expect(await revokeInvitationAsPublisherAction("daily-eats", { merchantSlug: "resend-bistro", invitationId: inv.id })).toMatchObject({ ok: true });
    expect(await acceptInvitationAction({ token: third, name: "Revoked", password: "revoked-password-1" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/withdrawn/),
    });
    expect(await db.user.count({ where: { email: "resend@example.com" } })).toBe(0);
  });

  it("an existing account signs in to accept, and only for its own address", async () => {
    const existing = await createUser({ email: "has-account@example.com", name: "Has Account", password: "existing-password-1" });
    await onboardMerchantAction("daily-eats", form({ slug: "existing-bistro", ownerEmail: "has-account@example.com" }));
    const token = await inviteTokenFor("has-account@example.com");
    as(null);
    expect(await getInvitationByToken(token)).toMatchObject({ accountExists: true, hasPassword: true });
    // Setting a password over an existing one through the link is refused.
    expect(await acceptInvitationAction({ token, name: "Attacker", password: "attacker-password-1" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Sign in/),
    });
    as(otherAdmin);
    expect(await acceptInvitationAsMeAction(null, { token })).toMatchObject({ ok: false, error: "This invitation is for another address." });
    as(existing);
    expect(await acceptInvitationAsMeAction(null, { token })).toMatchObject({ ok: true, data: { merchantSlug: "existing-bistro" } });
    expect(await resolveMerchantMembership(existing.id, "existing-bistro")).toMatchObject({ role: "owner" });
  });
});

describe("the merchant owner's team", () => {
  it("invites members with a role through the same invitations; managers cannot, other merchants get 404", async () => {
    const m = await makeMerchant("Team Shop");
    const manager = await createUser({ email: `mgr-${m.merchant.slug}@example.com`, merchantSlug: m.merchant.slug, role: "manager" });
    const other = await makeMerchant("Other Shop");

    as(manager);
    expect(await inviteMemberAction(m.merchant.slug, { email: "new@team.example", role: "staff" })).toMatchObject({
      ok: false,
      error: "Only an owner can do that.",
    });
    as(other.owner);
    expect(await inviteMemberAction(m.merchant.slug, { email: "new@team.example", role: "staff" })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    as(admin); // a publisher admin of another publisher's merchant (this one has none)
    expect(await inviteMemberAction(m.merchant.slug, { email: "new@team.example", role: "staff" })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    as(m.owner, { counterMerchantId: m.merchant.id });
    expect(await inviteMemberAction(m.merchant.slug, { email: "new@team.example", role: "staff" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/counter only/),
    });

    as(m.owner);
    expect(await inviteMemberAction(m.merchant.slug, { email: "bad", role: "staff" })).toMatchObject({
      ok: false,
      fieldErrors: { email: "Enter a valid email address." },
    });
    expect(await inviteMemberAction(m.merchant.slug, { email: m.staff.email, role: "staff" })).toMatchObject({
      ok: false,
      fieldErrors: { email: "Already on the team." },
    });
    const sent = await inviteMemberAction(m.merchant.slug, { email: "New@Team.example", role: "manager" });
    expect(sent.ok).toBe(true);
    const inv = await db.invitation.findFirstOrThrow({ where: { merchantId: m.merchant.id, email: "new@team.example" } });
    expect(await resendInvitationAction(m.merchant.slug, { invitationId: inv.id })).toMatchObject({ ok: true });
    // Another merchant's owner cannot revoke it through their own merchant.
    as(other.owner);
    expect(await revokeInvitationAction(other.merchant.slug, { invitationId: inv.id })).toMatchObject({ ok: false, error: expect.stringMatching(/not found/) });
    as(null);
    const token = await inviteTokenFor("new@team.example");
    expect(await acceptInvitationAction({ token, name: "New Manager", password: "new-manager-pass" })).toMatchObject({ ok: true });
    const newbie = await db.user.findUniqueOrThrow({ where: { email: "new@team.example" } });
    expect(await resolveMerchantMembership(newbie.id, m.merchant.slug)).toMatchObject({ role: "manager" });
  });

  it("changes roles and removes members, but never the last owner", async () => {
    const m = await makeMerchant("Owners Shop");
    as(m.owner);
    expect(await changeMemberRoleAction(m.merchant.slug, { userId: m.owner.id, role: "manager" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/at least one owner/),
    });
    expect(await removeMemberAction(m.merchant.slug, { userId: m.owner.id })).toMatchObject({ ok: false, error: expect.stringMatching(/at least one owner/) });
    expect(await changeMemberRoleAction(m.merchant.slug, { userId: m.staff.id, role: "owner" })).toMatchObject({ ok: true });
    // Two owners demoting each other at once: one wins, the merchant keeps an owner.
    const results = await Promise.all([
      changeMemberRoleAction(m.merchant.slug, { userId: m.owner.id, role: "staff" }),
      changeMemberRoleAction(m.merchant.slug, { userId: m.staff.id, role: "staff" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.membership.count({ where: { merchantId: m.merchant.id, role: "owner" } })).toBe(1);
    const remainingOwner = (await db.membership.findFirstOrThrow({ where: { merchantId: m.merchant.id, role: "owner" } })).userId;
    const demoted = remainingOwner === m.owner.id ? m.staff : m.owner;
    as(remainingOwner === m.owner.id ? m.owner : m.staff);
    expect(await removeMemberAction(m.merchant.slug, { userId: demoted.id })).toMatchObject({ ok: true });
    expect(await resolveMerchantMembership(demoted.id, m.merchant.slug)).toBeNull();
    expect(await db.auditLog.count({ where: { merchantId: m.merchant.id, action: { in: ["membership.role_changed", "membership.removed"] } } })).toBe(3);
  });
});
