import { beforeAll, describe, expect, it, vi } from "vitest";

// Isolation of everything issue 15 added, one table per door: every publisher console action and
// the deal-report export refuse another publisher's admin, a merchant's own members (the owner of
// one of the publisher's merchants included), a counter session and a read-only publisher member
// with the same 404 as a missing publisher, and change nothing; an admin naming another
// publisher's merchant, or this merchant with another merchant's invitation, deal or voucher, gets
// a 404 too. The owner's team actions refuse another merchant's owner and another publisher's admin.
const session = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
}));

import {
  changeMemberRoleAction,
  inviteMemberAction,
  removeMemberAction,
  resendInvitationAction,
  resendInvitationAsPublisherAction,
  revokeInvitationAction,
  revokeInvitationAsPublisherAction,
} from "@/features/accounts/actions";
import {
  extendVoucherAction,
  inviteOwnerAction,
  onboardMerchantAction,
  saveDealAction,
  suggestMerchantSlugAction,
  voidVoucherAction,
} from "@/features/publishers/actions";
import { requirePublisherMerchantPage } from "@/features/publishers/pages";
import { createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { GET as exportDeals } from "@/app/p/[publisher]/deals/export/route";
import { db } from "./helpers";

type TUser = { id: string; email: string };
const as = (u: TUser, extra: Record<string, unknown> = {}) => {
  session.user = { id: u.id, email: u.email, name: "", isPlatformAdmin: false, counterMerchantId: null, ...extra };
};

let admin: TUser, member: TUser, rivalAdmin: TUser, owner: TUser, loneOwner: TUser;
let mine: { id: string; slug: string }, theirs: { id: string; slug: string }, lone: { id: string; slug: string };
let ids: { myInvite: string; theirInvite: string; myDeal: string; theirDeal: string; myVoucher: string; theirVoucher: string };

/** Everything a refused call might have touched, as text: equal before and after means nothing changed. */
async function snapshot(): Promise<string> {
  const [merchants, invitations, deals, vouchers, memberships] = await Promise.all([
    db.merchant.findMany({ orderBy: { id: "asc" } }),
    db.invitation.findMany({ orderBy: { id: "asc" } }),
    db.deal.findMany({ orderBy: { id: "asc" } }),
    db.voucher.findMany({ orderBy: { id: "asc" } }),
    db.membership.findMany({ orderBy: [{ merchantId: "asc" }, { userId: "asc" }], omit: { pinHash: false } }),
  ]);
  return JSON.stringify({ merchants, invitations, deals, vouchers, memberships });
}

beforeAll(async () => {
  const pub = await db.publisher.create({ data: { slug: "iso-pub", name: "Iso Pub" } });
  const rival = await db.publisher.create({ data: { slug: "iso-rival", name: "Iso Rival" } });
  admin = await createUser({ email: "admin@iso-pub.example", publisherSlug: "iso-pub" });
  member = await createUser({ email: "member@iso-pub.example" });
  await db.publisherMembership.create({ data: { publisherId: pub.id, userId: member.id, role: "member" } });
  rivalAdmin = await createUser({ email: "admin@iso-rival.example", publisherSlug: "iso-rival" });
  mine = await createMerchant({ name: "Iso Mine", slug: "iso-mine", timeZone: "UTC", publisherSlug: "iso-pub" });
  theirs = await createMerchant({ name: "Iso Theirs", slug: "iso-theirs", timeZone: "UTC", publisherSlug: "iso-rival" });
  lone = await createMerchant({ name: "Iso Lone", slug: "iso-lone", timeZone: "UTC" });
  owner = await createUser({ email: "owner@iso-mine.example", password: "owner-password-1", merchantSlug: "iso-mine", role: "owner" });
  loneOwner = await createUser({ email: "owner@iso-lone.example", password: "owner-password-1", merchantSlug: "iso-lone", role: "owner" });
  const invite = (merchantId: string, email: string) =>
    db.invitation.create({ data: { merchantId, email, role: "staff", tokenHash: `${merchantId}-${email}`, expiresAt: new Date(Date.now() + 86400_000) } });
  const deal = (merchantId: string, publisherId: string) => db.deal.create({ data: { merchantId, publisherId, title: "Iso deal", kind: "daily_deal" } });
  const myDeal = await deal(mine.id, pub.id);
  const theirDeal = await deal(theirs.id, rival.id);
  const voucher = (merchantId: string, dealId: string, code: string) =>
    db.voucher.create({ data: { merchantId, dealId, code, expiresAt: new Date(Date.now() + 30 * 86400_000) } });
  ids = {
    myInvite: (await invite(mine.id, "someone@iso.example")).id,
    theirInvite: (await invite(theirs.id, "someone@iso.example")).id,
    myDeal: myDeal.id,
    theirDeal: theirDeal.id,
    myVoucher: (await voucher(mine.id, myDeal.id, "ISO-MINE-1")).id,
    theirVoucher: (await voucher(theirs.id, theirDeal.id, "ISO-THEIRS-1")).id,
  };
});

const dealForm = { title: "Changed", price: "10", value: "20", startsOn: "", endsOn: "", voucherExpiresOn: "", quantity: "" };
const onboardForm = { name: "Iso New", slug: "iso-new", timeZone: "UTC", currency: "USD", category: "restaurant", ownerEmail: "new@iso.example" };

// Each console action on this publisher's own merchant and objects, as its admin would send it.
const consoleActions = () =>
  [
    ["onboardMerchant", () => onboardMerchantAction("iso-pub", onboardForm)],
    ["suggestMerchantSlug", () => suggestMerchantSlugAction("iso-pub", { name: "Iso Mine" })],
    ["inviteOwner", () => inviteOwnerAction("iso-pub", { merchantSlug: mine.slug, email: "boss@iso.example" })],
    ["resendInvitationAsPublisher", () => resendInvitationAsPublisherAction("iso-pub", { merchantSlug: mine.slug, invitationId: ids.myInvite })],
    ["revokeInvitationAsPublisher", () => revokeInvitationAsPublisherAction("iso-pub", { merchantSlug: mine.slug, invitationId: ids.myInvite })],
    ["saveDeal", () => saveDealAction("iso-pub", { merchantSlug: mine.slug, dealId: ids.myDeal, deal: dealForm })],
    ["voidVoucher", () => voidVoucherAction("iso-pub", { merchantSlug: mine.slug, voucherId: ids.myVoucher })],
    ["extendVoucher", () => extendVoucherAction("iso-pub", { merchantSlug: mine.slug, voucherId: ids.myVoucher, expiresOn: "2099-01-01" })],
  ] as const;

describe("the publisher console's actions", () => {
  it("refuse another publisher's admin, the merchant's owner, a counter session and a read-only member with a 404, and change nothing", async () => {
    const callers: [string, () => void][] = [
      ["another publisher's admin", () => as(rivalAdmin)],
      ["the owner of the publisher's merchant", () => as(owner)],
      ["a counter session of that merchant", () => as(owner, { counterMerchantId: mine.id })],
      ["a read-only member of the publisher", () => as(member)],
      ["another merchant's owner", () => as(loneOwner)],
    ];
    const before = await snapshot();
    for (const [who, signIn] of callers) {
      for (const [name, call] of consoleActions()) {
        signIn();
        expect(await call(), `${name} by ${who}`).toEqual({ ok: false, error: "That publisher was not found." });
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it("answer 404 to the admin for another publisher's merchant, and for another merchant's invitation, deal or voucher", async () => {
    as(admin);
    const before = await snapshot();
    const theirsRef = { merchantSlug: theirs.slug };
    const refused: [string, () => Promise<{ ok: boolean; error?: string }>, RegExp][] = [
      ["inviteOwner at their merchant", () => inviteOwnerAction("iso-pub", { ...theirsRef, email: "boss@iso.example" }), /merchant was not found/],
      [
        "inviteOwner at a merchant of no publisher",
        () => inviteOwnerAction("iso-pub", { merchantSlug: lone.slug, email: "boss@iso.example" }),
        /merchant was not found/,
      ],
      [
        "resend at their merchant",
        () => resendInvitationAsPublisherAction("iso-pub", { ...theirsRef, invitationId: ids.theirInvite }),
        /merchant was not found/,
      ],
      [
        "resend their invitation through mine",
        () => resendInvitationAsPublisherAction("iso-pub", { merchantSlug: mine.slug, invitationId: ids.theirInvite }),
        /invitation was not found/,
      ],
      [
        "revoke their invitation through mine",
        () => revokeInvitationAsPublisherAction("iso-pub", { merchantSlug: mine.slug, invitationId: ids.theirInvite }),
        /invitation was not found/,
      ],
      ["saveDeal at their merchant", () => saveDealAction("iso-pub", { ...theirsRef, dealId: ids.theirDeal, deal: dealForm }), /merchant was not found/],
      [
        "saveDeal of their deal through mine",
        () => saveDealAction("iso-pub", { merchantSlug: mine.slug, dealId: ids.theirDeal, deal: dealForm }),
        /deal was not found/,
      ],
      [
        "voidVoucher of their voucher through mine",
        () => voidVoucherAction("iso-pub", { merchantSlug: mine.slug, voucherId: ids.theirVoucher }),
        /voucher was not found/,
      ],
      [
        "extendVoucher of their voucher through mine",
        () => extendVoucherAction("iso-pub", { merchantSlug: mine.slug, voucherId: ids.theirVoucher, expiresOn: "2099-01-01" }),
        /voucher was not found/,
      ],
    ];
    for (const [what, call, error] of refused) {
      const r = await call();
      expect(r.ok, what).toBe(false);
      expect(r.error, what).toMatch(error);
    }
    expect(await snapshot()).toBe(before);
    await expect(requirePublisherMerchantPage("iso-pub", theirs.slug)).rejects.toThrow("NEXT_NOT_FOUND");
    await expect(requirePublisherMerchantPage("iso-pub", lone.slug)).rejects.toThrow("NEXT_NOT_FOUND");
    // The same calls on this publisher's own objects go through (the refusals above are about whose they are).
    expect(await voidVoucherAction("iso-pub", { merchantSlug: mine.slug, voucherId: ids.myVoucher })).toMatchObject({ ok: true });
    expect(await resendInvitationAsPublisherAction("iso-pub", { merchantSlug: mine.slug, invitationId: ids.myInvite })).toMatchObject({ ok: true });
  });
});

describe("the deal report's CSV export", () => {
  const get = (query = "") =>
    exportDeals(new Request(`http://localhost/p/iso-pub/deals/export${query}`), { params: Promise.resolve({ publisher: "iso-pub" }) });

  it("answers the publisher's members only, and only for its own merchants", async () => {
    for (const [who, signIn] of [
      ["another publisher's admin", () => as(rivalAdmin)],
      ["the merchant's owner", () => as(owner)],
      ["a counter session", () => as(owner, { counterMerchantId: mine.id })],
    ] as const) {
      signIn();
      expect((await get()).status, who).toBe(404);
    }
    as(member);
    expect((await get()).status).toBe(200);
    as(admin);
    expect((await get(`?merchant=${theirs.slug}`)).status).toBe(404);
    const csv = await (await get()).text();
    expect(csv).toContain("Iso Mine");
    expect(csv).not.toContain("Iso Theirs");
  });
});

describe("the owner's team actions", () => {
  it("refuse another merchant's owner and another publisher's admin with a 404, and reach no other merchant's rows through one's own", async () => {
    const before = await snapshot();
    const teamActions = (slug: string) =>
      [
        ["inviteMember", () => inviteMemberAction(slug, { email: "x@iso.example", role: "staff" })],
        ["resendInvitation", () => resendInvitationAction(slug, { invitationId: ids.myInvite })],
        ["revokeInvitation", () => revokeInvitationAction(slug, { invitationId: ids.myInvite })],
        ["changeMemberRole", () => changeMemberRoleAction(slug, { userId: owner.id, role: "staff" })],
        ["removeMember", () => removeMemberAction(slug, { userId: owner.id })],
      ] as const;
    for (const signIn of [() => as(loneOwner), () => as(rivalAdmin)]) {
      signIn();
      for (const [name, call] of teamActions(mine.slug)) expect(await call(), name).toEqual({ ok: false, error: "That merchant was not found." });
    }
    // The other owner, in their own merchant, naming this merchant's invitation and owner.
    as(loneOwner);
    for (const [name, call] of teamActions(lone.slug).slice(1)) {
      const r = await call();
      expect(r.ok, name).toBe(false);
      expect((r as { error: string }).error, name).toMatch(/not found/);
    }
    expect(await snapshot()).toBe(before);
  });
});
