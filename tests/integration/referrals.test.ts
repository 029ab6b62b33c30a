import { beforeEach, describe, expect, it, vi } from "vitest";

// Server actions run outside Next here: the session user and the client address are whoever the
// test says; work left for after the answer (Next's `after`) waits until the test runs it.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers, cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
const deferred = vi.hoisted(() => ({ tasks: [] as (() => unknown)[] }));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<object>()), after: (task: () => unknown) => void deferred.tasks.push(task) }));
async function afterTheAnswer() {
  for (const task of deferred.tasks.splice(0)) await task();
}

import { POST as postVisit } from "@/app/api/v1/visits/route";
import { eraseCustomerAction, mergeCustomersAction } from "@/features/customers/actions";
import { saveReferralProgramAction } from "@/features/social/actions";
import { recordShareAction, requestFriendCodeAction } from "@/features/social/public-actions";
import {
  customerSocial as customerSocialOf,
  ensureReferralLink as ensureReferralLinkOf,
  generateReferralCode,
  getReferralPage,
  isReferralCodeShape,
  signUpFriend,
} from "@/features/social/referrals";
import { addCustomers, giveAddress } from "./campaign-fixtures";
import { callRoute, db, inTenantOf, makeMerchant } from "./helpers";

const ensureReferralLink = inTenantOf(ensureReferralLinkOf);
const customerSocial = inTenantOf(customerSocialOf);

const signInAs = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = { id: u.id, email: u.email, name: "Pat", isPlatformAdmin: false, counterMerchantId };
};
let ipN = 0;
/** A fresh client address per test, so the per-address throttle of one test never reaches another. */
const fromNewAddress = () => {
  ipN += 1;
  request.headers = new Headers({ "x-forwarded-for": `203.0.113.${ipN % 250}`, "x-real-ip": `203.0.113.${ipN % 250}` });
};
beforeEach(() => {
  session.user = null;
  deferred.tasks.length = 0;
  fromNewAddress();
});

async function promotion(merchantId: string, name: string) {
  return db.promotion.create({
    data: {
      merchantId,
      name,
      title: `${name} title`,
      offer: `${name} offer`,
      expiresInDays: 30,
      subject: `${name} for you, {{firstName}}`,
      body: "Hi {{firstName}}, welcome.",
    },
    select: { id: true },
  });
}

/** A merchant with referrals on (friend's offer and referrer's reward) and one consenting referrer with a link. */
async function program(name: string, opts: { reward?: boolean } = {}) {
  const m = await makeMerchant(name);
  await giveAddress(m.merchant.id);
  const offer = await promotion(m.merchant.id, "Friend offer");
  const reward = await promotion(m.merchant.id, "Thank you reward");
  signInAs(m.owner);
  const saved = await saveReferralProgramAction(m.merchant.slug, {
    enabled: true,
    offerPromotionId: offer.id,
    rewardPromotionId: opts.reward === false ? "" : reward.id,
  });
  expect(saved.ok).toBe(true);
  session.user = null;
  const [referrerId] = await addCustomers(m.merchant.id, { n: 1, prefix: `ref${Math.random().toString(36).slice(2, 7)}` });
  const link = (await ensureReferralLink(m.merchant.id, referrerId!))!;
  const referrer = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: referrerId! } } });
  return { ...m, offer, reward, referrer, link };
}

const mails = (merchantId: string, to: string) => db.emailMessage.findMany({ where: { merchantId, to: to.toLowerCase() }, orderBy: { sentAt: "asc" } });

describe("referral links", () => {
  it("codes are 16 characters without look-alikes, and differ", () => {
    const codes = new Set(Array.from({ length: 2000 }, generateReferralCode));
    expect(codes.size).toBe(2000);
    for (const c of codes) expect(isReferralCodeShape(c)).toBe(true);
    expect(isReferralCodeShape("../../etc/passwd")).toBe(false);
  });

  it("a consenting customer gets one link (the same on every call); no address or no consent, none", async () => {
    const p = await program("Links");
    expect(await ensureReferralLink(p.merchant.id, p.referrer.id)).toEqual(p.link);
    expect(p.link.url).toMatch(new RegExp(`/r/${p.link.code}$`));
    const [noConsent] = await addCustomers(p.merchant.id, { n: 1, prefix: "nocons", consent: false });
    const [unsub] = await addCustomers(p.merchant.id, { n: 1, prefix: "unsub", unsubscribed: true });
    expect(await ensureReferralLink(p.merchant.id, noConsent!)).toBeNull();
    expect(await ensureReferralLink(p.merchant.id, unsub!)).toBeNull();
  });

  it("the page shows the merchant's offer; unknown, malformed and turned-off codes are the same 404 (null)", async () => {
    const p = await program("Page");
    const page = await getReferralPage(p.link.code);
    expect(page).toMatchObject({
      merchant: { name: "Page" },
      offer: { title: "Friend offer title", offer: "Friend offer offer" },
      referrerFirstName: p.referrer.firstName,
    });
    expect(await getReferralPage(generateReferralCode())).toBeNull();
    expect(await getReferralPage("'; DROP TABLE referral_links; --")).toBeNull();
    expect(await getReferralPage(p.link.code.toLowerCase())).toBeNull();
    signInAs(p.owner);
    await saveReferralProgramAction(p.merchant.slug, { enabled: false, offerPromotionId: p.offer.id, rewardPromotionId: null });
    expect(await getReferralPage(p.link.code)).toBeNull();
  });
});

describe("a friend signs up", () => {
  it("gets a personal code by email; the answer is the same whatever the address", async () => {
    const p = await program("Sign up");
    const res = await requestFriendCodeAction({ code: p.link.code, email: "Friend.One@Example.org", firstName: "Fran", consent: true });
    expect(res).toEqual({ ok: true, data: { sent: true } });
    expect(await mails(p.merchant.id, "friend.one@example.org")).toHaveLength(0); // nothing before the answer has gone
    await afterTheAnswer();
    const [mail] = await mails(p.merchant.id, "friend.one@example.org");
    expect(mail).toMatchObject({ subject: "Friend offer for you, Fran", voucherCode: expect.stringMatching(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/) });
    expect(mail!.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    const friend = await db.customer.findFirstOrThrow({ where: { merchantId: p.merchant.id, emailNormalized: "friend.one@example.org" } });
    expect(friend).toMatchObject({ firstName: "Fran", emailConsent: true, emailConsentSource: "referral page", source: "referral" });
    const referral = await db.referral.findFirstOrThrow({ where: { merchantId: p.merchant.id, friendId: friend.id } });
    expect(referral).toMatchObject({ referrerId: p.referrer.id, creditedAt: null });
    const voucher = await db.voucher.findFirstOrThrow({ where: { merchantId: p.merchant.id, id: referral.friendVoucherId } });
    expect(voucher).toMatchObject({ code: mail!.voucherCode, customerId: friend.id, status: "active" });

    // An unknown code answers exactly the same, and nothing is written anywhere.
    fromNewAddress();
    const before = await db.customer.count();
    expect(await requestFriendCodeAction({ code: generateReferralCode(), email: "someone@example.org", consent: true })).toEqual({
      ok: true,
      data: { sent: true },
    });
    await afterTheAnswer();
    expect(await db.customer.count()).toBe(before);
  });

  it("refuses self-referral, known customers, a second referral of the same friend, and unsubscribed addresses — silently", async () => {
    const p = await program("Attacks");
    expect(await signUpFriend(p.link.code, { email: p.referrer.email!.toUpperCase() })).toBe("self");
    const [regular] = await addCustomers(p.merchant.id, { n: 1, prefix: "regular" });
    await db.customer.update({ where: { merchantId_id: { merchantId: p.merchant.id, id: regular! } }, data: { visitCount: 3 } });
    const regularEmail = (await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: p.merchant.id, id: regular! } } })).email!;
    expect(await signUpFriend(p.link.code, { email: regularEmail })).toBe("known_customer");
    const [gone] = await addCustomers(p.merchant.id, { n: 1, prefix: "gone", unsubscribed: true });
    const goneEmail = (await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: p.merchant.id, id: gone! } } })).email!;
    expect(await signUpFriend(p.link.code, { email: goneEmail })).toBe("not_reachable");
    expect(await db.referral.count({ where: { merchantId: p.merchant.id, friendId: gone! } })).toBe(0);

    expect(await signUpFriend(p.link.code, { email: "twice@example.org" })).toBe("sent");
    expect(await signUpFriend(p.link.code, { email: "twice@example.org" })).toBe("already_referred");
    // Another referrer of the same merchant cannot claim the same friend either.
    const [other] = await addCustomers(p.merchant.id, { n: 1, prefix: "otherref" });
    const otherLink = (await ensureReferralLink(p.merchant.id, other!))!;
    expect(await signUpFriend(otherLink.code, { email: "twice@example.org" })).toBe("already_referred");
    // Two sign-ups of one address at once: one referral, one code.
    const both = await Promise.all([signUpFriend(p.link.code, { email: "race@example.org" }), signUpFriend(otherLink.code, { email: "race@example.org" })]);
    expect(both.sort()).toEqual(["already_referred", "sent"]);
    expect(await mails(p.merchant.id, "race@example.org")).toHaveLength(1);
    expect(await db.referral.count({ where: { merchantId: p.merchant.id } })).toBe(2);
  });

  it("another merchant's link only ever reaches that merchant", async () => {
    const a = await program("Merchant A");
    const b = await program("Merchant B");
    expect(await signUpFriend(b.link.code, { email: "shared@example.org" })).toBe("sent");
    expect(await db.customer.count({ where: { merchantId: a.merchant.id, emailNormalized: "shared@example.org" } })).toBe(0);
    expect(await db.customer.count({ where: { merchantId: b.merchant.id, emailNormalized: "shared@example.org" } })).toBe(1);
    // The same address at A, through A's link, is a separate customer and referral of A.
    expect(await signUpFriend(a.link.code, { email: "shared@example.org" })).toBe("sent");
    expect(await db.referral.count({ where: { merchantId: a.merchant.id } })).toBe(1);
  });

  it("hostile values get a plain message on their field and change nothing", async () => {
    const p = await program("Hostile");
    const before = await db.customer.count({ where: { merchantId: p.merchant.id } });
    expect(await requestFriendCodeAction({ code: p.link.code, email: "not an email", consent: true })).toMatchObject({
      ok: false,
      fieldErrors: { email: "Enter a valid email address." },
    });
    expect(await requestFriendCodeAction({ code: p.link.code, email: `${"a".repeat(250)}@example.org`, consent: true })).toMatchObject({
      ok: false,
      fieldErrors: { email: "That email address is too long." },
    });
    expect(await requestFriendCodeAction({ code: p.link.code, email: "ok@example.org", consent: false })).toMatchObject({
      ok: false,
      fieldErrors: { consent: "Tick the box so we may email you your code." },
    });
    expect(await requestFriendCodeAction({ code: p.link.code, email: "ok@example.org", firstName: "Eve\u0000\u202e", consent: true })).toMatchObject({
      ok: false,
      fieldErrors: { firstName: "Your first name can't contain control characters." },
    });
    expect(await requestFriendCodeAction({ code: "x".repeat(5000), email: "ok@example.org", consent: true })).toMatchObject({ ok: false });
    expect(
      await requestFriendCodeAction({ code: p.link.code, email: "ok@example.org", consent: true, merchantId: "00000000-0000-0000-0000-000000000000" }),
    ).toMatchObject({ ok: true });
    await afterTheAnswer();
    // The one valid request made one friend, of this merchant (an extra key is ignored, never trusted).
    expect(await db.customer.count({ where: { merchantId: p.merchant.id } })).toBe(before + 1);
  });

  it("is throttled per client address, with a plain message", async () => {
    const p = await program("Throttle");
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await requestFriendCodeAction({ code: p.link.code, email: `t${i}@example.org`, consent: true }));
    expect(answers.slice(0, 5).every((a) => a.ok)).toBe(true);
    expect(answers[6]).toMatchObject({ ok: false, fieldErrors: { email: expect.stringMatching(/^Too many attempts/) } });
  });

  it("counts shares, a few per address", async () => {
    const p = await program("Shares");
    for (let i = 0; i < 6; i++) expect(await recordShareAction({ code: p.link.code, via: "whatsapp" })).toEqual({ ok: true, data: { ok: true } });
    expect((await db.referralLink.findFirstOrThrow({ where: { merchantId: p.merchant.id } })).shares).toBe(3);
    expect(await recordShareAction({ code: p.link.code, via: "carrier-pigeon" })).toMatchObject({ ok: false });
  });
});

describe("the friend's code redeemed at the counter", () => {
  async function signedUpFriend(name: string, opts: { reward?: boolean } = {}) {
    const p = await program(name, opts);
    const email = `friend-${Math.random().toString(36).slice(2, 7)}@example.org`;
    expect(await signUpFriend(p.link.code, { email, firstName: "Fran" })).toBe("sent");
    const [mail] = await mails(p.merchant.id, email);
    return { ...p, email, code: mail!.voucherCode! };
  }
  const redeem = (key: string, body: Record<string, unknown>, idem?: string) =>
    callRoute(postVisit, "/api/v1/visits", { key, body: { occurredAt: visitAt, ...body }, ...(idem ? { idem } : {}) });
  const visitAt = new Date(Date.now() - 60_000).toISOString();

  it("credits the referrer once and emails their reward once, across retries", async () => {
    const f = await signedUpFriend("Credit");
    const res = await redeem(f.apiKey, { voucherCode: f.code.replace(/-/g, "").toLowerCase(), amountCents: 4200 }, "redeem-1");
    expect(res.status, await res.clone().text()).toBe(201);
    const referral = await db.referral.findFirstOrThrow({ where: { merchantId: f.merchant.id, referrerId: f.referrer.id } });
    expect(referral).toMatchObject({
      creditedAt: expect.any(Date),
      friendSpentCents: 4200,
      rewardVoucherId: expect.any(String),
      rewardSentAt: expect.any(Date),
    });
    const rewardMails = await mails(f.merchant.id, f.referrer.email!);
    expect(rewardMails).toHaveLength(1);
    expect(rewardMails[0]!.subject).toMatch(/^Thank you reward for you/);
    const reward = await db.voucher.findFirstOrThrow({ where: { merchantId: f.merchant.id, id: referral.rewardVoucherId! } });
    expect(reward).toMatchObject({ customerId: f.referrer.id, code: rewardMails[0]!.voucherCode, status: "active" });

    // The same request again (a lost answer): replayed, nothing doubles.
    expect((await redeem(f.apiKey, { voucherCode: f.code.replace(/-/g, "").toLowerCase(), amountCents: 4200 }, "redeem-1")).status).toBe(201);
    // The code again under a new key: refused (redeemed), nothing doubles.
    expect((await redeem(f.apiKey, { voucherCode: f.code, amountCents: 4200 }, "redeem-2")).status).toBe(409);
    expect(await mails(f.merchant.id, f.referrer.email!)).toHaveLength(1);
    expect(await db.referral.findFirstOrThrow({ where: { merchantId: f.merchant.id } })).toEqual(referral);

    // The 360 shows who referred whom and what it brought.
    const friend = await db.customer.findFirstOrThrow({ where: { merchantId: f.merchant.id, emailNormalized: f.email } });
    const bySide = await customerSocial(f.merchant.id, f.referrer.id);
    expect(bySide.referrals).toMatchObject({
      friendsCame: 1,
      friendsSpentCents: 4200,
      friends: [{ id: friend.id, name: "Fran", spentCents: 4200, rewarded: true }],
    });
    expect((await customerSocial(f.merchant.id, friend.id)).referrals.referredBy).toMatchObject({ id: f.referrer.id, creditedAt: expect.any(Date) });
  });

  it("without a reward, credits only; a referrer redeeming the friend's code as themselves is not credited", async () => {
    const f = await signedUpFriend("No reward", { reward: false });
    await redeem(f.apiKey, { voucherCode: f.code, amountCents: 1000 });
    expect(await db.referral.findFirstOrThrow({ where: { merchantId: f.merchant.id } })).toMatchObject({ creditedAt: expect.any(Date), rewardVoucherId: null });
    expect(await mails(f.merchant.id, f.referrer.email!)).toHaveLength(0);

    const g = await signedUpFriend("Self redeem");
    const res = await redeem(g.apiKey, { voucherCode: g.code, amountCents: 1000, customerId: g.referrer.id });
    // Either the code is refused for another customer, or the visit lands on the referrer: never a credit.
    expect([201, 409, 422]).toContain(res.status);
    expect(await db.referral.findFirstOrThrow({ where: { merchantId: g.merchant.id } })).toMatchObject({ creditedAt: null, rewardVoucherId: null });
    expect(await mails(g.merchant.id, g.referrer.email!)).toHaveLength(0);
  });

  it("another merchant's API key cannot redeem (or credit) the friend's code", async () => {
    const f = await signedUpFriend("Iso A");
    const other = await makeMerchant("Iso B");
    const res = await redeem(other.apiKey, { voucherCode: f.code, amountCents: 1000 });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await db.referral.findFirstOrThrow({ where: { merchantId: f.merchant.id } })).toMatchObject({ creditedAt: null });
  });
});

describe("the referral settings action", () => {
  it("managers only, inside their own merchant; another merchant's promotion is refused on its field", async () => {
    const a = await makeMerchant("Settings A");
    const b = await makeMerchant("Settings B");
    const offerB = await promotion(b.merchant.id, "B offer");
    signInAs(a.owner);
    expect(await saveReferralProgramAction(a.merchant.slug, { enabled: true, offerPromotionId: offerB.id, rewardPromotionId: null })).toMatchObject({
      ok: false,
      fieldErrors: { offerPromotionId: "Pick one of your promotions." },
    });
    expect(await saveReferralProgramAction(a.merchant.slug, { enabled: true, offerPromotionId: "", rewardPromotionId: null })).toMatchObject({
      ok: false,
      fieldErrors: { offerPromotionId: "Pick the friend's offer." },
    });
    // A's owner on B's slug: the same 404 as a merchant that does not exist.
    expect(await saveReferralProgramAction(b.merchant.slug, { enabled: true, offerPromotionId: offerB.id, rewardPromotionId: null })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    // Staff, and a counter PIN session, are refused.
    signInAs(b.staff);
    expect(await saveReferralProgramAction(b.merchant.slug, { enabled: true, offerPromotionId: offerB.id, rewardPromotionId: null })).toMatchObject({
      ok: false,
    });
    signInAs(b.owner, b.merchant.id);
    expect(await saveReferralProgramAction(b.merchant.slug, { enabled: true, offerPromotionId: offerB.id, rewardPromotionId: null })).toMatchObject({
      ok: false,
    });
    expect(await db.referralProgram.count({ where: { merchantId: { in: [a.merchant.id, b.merchant.id] } } })).toBe(0);
  });
});

describe("merging and erasing", () => {
  it("a merge moves referrals to the survivor and drops a referral between the two; erasing ends the link", async () => {
    const p = await program("Merge refs");
    expect(await signUpFriend(p.link.code, { email: "dup-friend@example.org", firstName: "Dana" })).toBe("sent");
    const friend = await db.customer.findFirstOrThrow({ where: { merchantId: p.merchant.id, emailNormalized: "dup-friend@example.org" } });
    const [dup] = await addCustomers(p.merchant.id, { n: 1, prefix: "dupref" });
    await db.referral.update({ where: { merchantId_friendId: { merchantId: p.merchant.id, friendId: friend.id } }, data: { referrerId: dup! } });
    signInAs(p.owner);
    // The referrer absorbs the duplicate who "referred" the friend: the referral now names the referrer.
    expect(await mergeCustomersAction(p.merchant.slug, { survivorId: p.referrer.id, duplicateId: dup! })).toMatchObject({ ok: true });
    expect(await db.referral.findFirstOrThrow({ where: { merchantId: p.merchant.id, friendId: friend.id } })).toMatchObject({ referrerId: p.referrer.id });
    // Merging the friend into the referrer: a referral of oneself is dropped.
    expect(await mergeCustomersAction(p.merchant.slug, { survivorId: p.referrer.id, duplicateId: friend.id })).toMatchObject({ ok: true });
    expect(await db.referral.count({ where: { merchantId: p.merchant.id } })).toBe(0);
    const name = [p.referrer.firstName, p.referrer.lastName].join(" ");
    expect(await eraseCustomerAction(p.merchant.slug, { customerId: p.referrer.id, confirmName: name, reason: "Asked by email" })).toMatchObject({ ok: true });
    expect(await db.referralLink.count({ where: { merchantId: p.merchant.id } })).toBe(0);
    expect(await getReferralPage(p.link.code)).toBeNull();
  });
});
