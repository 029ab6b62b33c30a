import { beforeEach, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.7" }),
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

import { saveFeedbackSettingsAction, saveReferralProgramAction } from "@/features/social/actions";
import { feedbackToken, listFeedback as listFeedbackOf, sendFeedbackRequests as sendFeedbackRequestsOf } from "@/features/social/feedback";
import { answerFeedbackAction, commentFeedbackAction } from "@/features/social/public-actions";
import { countCustomers as countCustomersOf } from "@/features/filters/queries";
import { ZFilter } from "@/features/filters/schemas";
import { addVisits } from "./automation-fixtures";
import { addCustomers, giveAddress } from "./campaign-fixtures";
import { db, inTenantOf, makeMerchant } from "./helpers";

const sendFeedbackRequests = inTenantOf(sendFeedbackRequestsOf);
const listFeedback = inTenantOf(listFeedbackOf);
const countCustomers = inTenantOf(countCustomersOf);

// "How was it?": asked once per visit and customer, answered once, low answers to the managers.

const signInAs = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = { id: u.id, email: u.email, name: "Pat", isPlatformAdmin: false, counterMerchantId };
};
beforeEach(() => {
  session.user = null;
});
const HOUR = 3_600_000;

async function merchantAsking(name: string) {
  const m = await makeMerchant(name);
  await giveAddress(m.merchant.id);
  signInAs(m.owner);
  expect(await saveFeedbackSettingsAction(m.merchant.slug, { feedbackEnabled: true, feedbackDelayHours: "3" })).toMatchObject({ ok: true });
  session.user = null;
  return m;
}

const inbox = (merchantId: string, to: string) => db.emailMessage.findMany({ where: { merchantId, to }, orderBy: { sentAt: "asc" } });
const tokenIn = (html: string) => decodeURIComponent(/\/f\/([^"?&]+)\?r=1/.exec(html)![1]!);

describe("asking", () => {
  it("asks consenting customers about their latest visit once its delay has passed, once, even with two workers", async () => {
    const m = await merchantAsking("Ask");
    const visitAt = new Date(Date.now() - 5 * HOUR);
    const [yes, noConsent, unsub] = [
      ...(await addCustomers(m.merchant.id, { n: 1, prefix: "askyes" })),
      ...(await addCustomers(m.merchant.id, { n: 1, prefix: "asknocons", consent: false })),
      ...(await addCustomers(m.merchant.id, { n: 1, prefix: "askunsub", unsubscribed: true })),
    ];
    await addVisits(m.merchant.id, m.merchant.timeZone, [yes!, noConsent!, unsub!], visitAt);
    // Not yet: the delay (3 hours) has not passed as of 1 hour after the visit.
    expect(await sendFeedbackRequests(m.merchant.id, new Date(visitAt.getTime() + HOUR))).toBe(0);
    const now = new Date(visitAt.getTime() + 4 * HOUR);
    const [a, b] = await Promise.all([sendFeedbackRequests(m.merchant.id, now), sendFeedbackRequests(m.merchant.id, now)]);
    expect(a + b).toBe(1);
    expect(await sendFeedbackRequests(m.merchant.id, new Date(now.getTime() + HOUR))).toBe(0);
    const email = (await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: yes! } } })).email!;
    const mail = await inbox(m.merchant.id, email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe("How was your visit to Ask?");
    expect(mail[0]!.headers).toMatchObject({ "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(await db.feedback.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });

  it("asks nobody while the merchant has it off", async () => {
    const m = await makeMerchant("Off");
    const [c] = await addCustomers(m.merchant.id, { n: 1, prefix: "off" });
    await addVisits(m.merchant.id, m.merchant.timeZone, [c!], new Date(Date.now() - 5 * HOUR));
    expect(await sendFeedbackRequests(m.merchant.id)).toBe(0);
  });
});

describe("answering", () => {
  async function asked(name: string) {
    const m = await merchantAsking(name);
    const [c] = await addCustomers(m.merchant.id, { n: 1, prefix: `ans${Math.random().toString(36).slice(2, 6)}` });
    await addVisits(m.merchant.id, m.merchant.timeZone, [c!], new Date(Date.now() - 5 * HOUR));
    await sendFeedbackRequests(m.merchant.id);
    const customer = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: c! } } });
    const [mail] = await inbox(m.merchant.id, customer.email!);
    return { ...m, customer, token: tokenIn(mail!.html) };
  }

  it("a 1-star tap reaches the managers at once (list and email), once; the first answer wins", async () => {
    const f = await asked("Low");
    expect(await answerFeedbackAction({ token: f.token, rating: 1 })).toEqual({ ok: true, data: { rating: 1, firstAnswer: true, referralUrl: null } });
    // A replayed link, or another star in it, changes nothing.
    expect(await answerFeedbackAction({ token: f.token, rating: 3 })).toEqual({ ok: true, data: { rating: 1, firstAnswer: false, referralUrl: null } });
    expect(await answerFeedbackAction({ token: f.token, rating: 1 })).toMatchObject({ ok: true, data: { firstAnswer: false } });
    const alerts = await inbox(f.merchant.id, f.owner.email);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toMatch(/^Low answer: .* rated their visit 1 of 3$/);
    expect(await listFeedback(f.merchant.id, { low: true })).toMatchObject([{ rating: 1, customerId: f.customer.id }]);
    expect(await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: f.merchant.id, id: f.customer.id } } })).toMatchObject({
      feedbackRating: 1,
      feedbackAt: expect.any(Date),
    });
    // The comment, once; it reaches the managers too.
    expect(await commentFeedbackAction({ token: f.token, comment: "Cold soup, slow service." })).toEqual({ ok: true, data: { saved: true } });
    expect(await commentFeedbackAction({ token: f.token, comment: "Again" })).toEqual({ ok: true, data: { saved: false } });
    expect(await inbox(f.merchant.id, f.owner.email)).toHaveLength(2);
    expect((await listFeedback(f.merchant.id))[0]).toMatchObject({ comment: "Cold soup, slow service." });
    // Staff are not emailed.
    expect(await inbox(f.merchant.id, f.staff.email)).toHaveLength(0);
  });

  it("a 3-star tap is thanked with the customer's referral link when referrals are on", async () => {
    const f = await asked("High");
    const promo = await db.promotion.create({ data: { merchantId: f.merchant.id, name: "Friends", title: "Hi", offer: "10% off", subject: "s", body: "b" } });
    signInAs(f.owner);
    await saveReferralProgramAction(f.merchant.slug, { enabled: true, offerPromotionId: promo.id, rewardPromotionId: null });
    session.user = null;
    const res = await answerFeedbackAction({ token: f.token, rating: 3 });
    expect(res).toMatchObject({ ok: true, data: { rating: 3, firstAnswer: true, referralUrl: expect.stringMatching(/\/r\/[A-Z2-9]{16}$/) } });
    expect(await inbox(f.merchant.id, f.owner.email)).toHaveLength(0);
  });

  it("forged, tampered and other merchants' links are refused; hostile comments get a plain message", async () => {
    const f = await asked("Forged");
    const other = await asked("Other");
    expect(await answerFeedbackAction({ token: `${f.token}x`, rating: 1 })).toMatchObject({ ok: false, error: "This link is not valid." });
    const [body] = f.token.split(".");
    expect(await answerFeedbackAction({ token: `${body}.${other.token.split(".")[1]}`, rating: 1 })).toMatchObject({ ok: false });
    // A validly signed token naming a row of another merchant finds nothing in that scope.
    const row = await db.feedback.findFirstOrThrow({ where: { merchantId: other.merchant.id } });
    expect(await answerFeedbackAction({ token: feedbackToken(f.merchant.id, row.id), rating: 1 })).toMatchObject({
      ok: false,
      error: "This link is not valid.",
    });
    expect(await db.feedback.findFirstOrThrow({ where: { merchantId: other.merchant.id } })).toMatchObject({ rating: null });
    expect(await answerFeedbackAction({ token: f.token, rating: 7 })).toMatchObject({ ok: false, fieldErrors: { rating: "Pick 1 to 3 stars." } });
    expect(await commentFeedbackAction({ token: f.token, comment: "bad\u0000byte" })).toMatchObject({
      ok: false,
      fieldErrors: { comment: "Your comment can't contain control characters." },
    });
    expect(await commentFeedbackAction({ token: f.token, comment: "x".repeat(2001) })).toMatchObject({
      ok: false,
      fieldErrors: { comment: "Keep it under 2,000 characters." },
    });
    expect(await db.feedback.findFirstOrThrow({ where: { merchantId: f.merchant.id } })).toMatchObject({ rating: null, comment: null });
  });
});

describe("the customer's own rating as a Smart Filter field", () => {
  it("feedbackRating compiles like rating and counts the customers who answered", async () => {
    const f = await (async () => {
      const m = await merchantAsking("Filter");
      const ids = await addCustomers(m.merchant.id, { n: 3, prefix: "flt" });
      await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: ids[0]! } }, data: { feedbackRating: 1 } });
      await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: ids[1]! } }, data: { feedbackRating: 3 } });
      return { ...m, ids };
    })();
    const count = (filter: unknown) => countCustomers(f.merchant, ZFilter.parse(filter));
    expect(await count({ field: "feedbackRating", op: "eq", value: 3 })).toBe(1);
    expect(await count({ field: "feedbackRating", op: "lte", value: 2 })).toBe(1);
    expect(await count({ field: "feedbackRating", op: "isNull", value: true })).toBe(1);
    expect(await count({ not: { field: "feedbackRating", op: "in", value: [3] } })).toBe(2);
  });
});

describe("the feedback settings action", () => {
  it("managers only, inside their own merchant; bad hours get a plain message", async () => {
    const a = await makeMerchant("Fb A");
    const b = await makeMerchant("Fb B");
    signInAs(a.owner);
    expect(await saveFeedbackSettingsAction(a.merchant.slug, { feedbackEnabled: true, feedbackDelayHours: "0" })).toMatchObject({
      ok: false,
      fieldErrors: { feedbackDelayHours: "At least 1 hour." },
    });
    expect(await saveFeedbackSettingsAction(b.merchant.slug, { feedbackEnabled: true, feedbackDelayHours: "3" })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    signInAs(b.staff);
    expect(await saveFeedbackSettingsAction(b.merchant.slug, { feedbackEnabled: true, feedbackDelayHours: "3" })).toMatchObject({ ok: false });
    signInAs(b.owner, b.merchant.id);
    expect(await saveFeedbackSettingsAction(b.merchant.slug, { feedbackEnabled: true, feedbackDelayHours: "3" })).toMatchObject({ ok: false });
    expect(
      (await db.merchant.findMany({ where: { id: { in: [a.merchant.id, b.merchant.id] } }, select: { feedbackEnabled: true } })).every(
        (x) => !x.feedbackEnabled,
      ),
    ).toBe(true);
  });
});
