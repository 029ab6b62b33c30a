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
import {
  feedbackAgreement as feedbackAgreementOf,
  feedbackToken,
  listFeedback as listFeedbackOf,
  sendFeedbackRequests as sendFeedbackRequestsOf,
} from "@/features/social/feedback";
import { answerFeedbackAction, commentFeedbackAction } from "@/features/social/public-actions";
import { countCustomers as countCustomersOf } from "@/features/filters/queries";
import { ZFilter } from "@/features/filters/schemas";
import { addVisits } from "./automation-fixtures";
import { addCustomers, giveAddress } from "./campaign-fixtures";
import { withTenant } from "@/lib/tenant";
import { db, inTenantOf, makeMerchant } from "./helpers";

const sendFeedbackRequests = inTenantOf(sendFeedbackRequestsOf);
const listFeedback = inTenantOf(listFeedbackOf);
const countCustomers = inTenantOf(countCustomersOf);
const feedbackAgreement = inTenantOf(feedbackAgreementOf);

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

describe("the customers' stars beside the staff's", () => {
  const DAY = 24 * HOUR;
  /** One customer per [staff stars, customer's answer, days ago]: a visit the staff rated (or not) and its feedback row (answered or not). */
  async function answers(merchantId: string, timeZone: string, rows: [staff: number | null, customer: number | null, daysAgo: number][]) {
    const ids = await addCustomers(merchantId, { n: rows.length, prefix: `agr${Math.random().toString(36).slice(2, 6)}` });
    for (const [i, [staff, customer, daysAgo]] of rows.entries()) {
      const at = new Date(Date.now() - daysAgo * DAY - 5 * HOUR);
      await addVisits(merchantId, timeZone, [ids[i]!], at, { rating: staff });
      const visit = await db.visit.findFirstOrThrow({ where: { merchantId, customerId: ids[i]! }, select: { id: true } });
      await db.feedback.create({
        data: {
          merchantId,
          customerId: ids[i]!,
          visitId: visit.id,
          sentAt: new Date(at.getTime() + 3 * HOUR),
          rating: customer,
          answeredAt: customer ? new Date(at.getTime() + 4 * HOUR) : null,
        },
      });
    }
  }

  it("averages both sides over the same answered visits, counts them staff × customer, and says how often customers agreed; another merchant's never count", async () => {
    const a = await makeMerchant("Agree A");
    const b = await makeMerchant("Agree B");
    await answers(a.merchant.id, a.merchant.timeZone, [
      [3, 3, 1],
      [3, 3, 2],
      [3, 3, 3],
      [3, 3, 4],
      [3, 2, 5],
      [1, 1, 6],
      [1, 2, 7],
      [2, 3, 8],
      [null, 3, 9], // the staff did not rate it: not in the table, counted apart
      [3, null, 2], // asked, not answered
      [3, 1, 100], // answered, but asked more than 90 days ago
    ]);
    // Another merchant's answers, all disagreeing: none of them may reach A's numbers.
    await answers(b.merchant.id, b.merchant.timeZone, [
      [3, 1, 1],
      [3, 1, 2],
      [1, 3, 3],
    ]);

    const r = await feedbackAgreement(a.merchant.id);
    expect(r.visits).toBe(8);
    expect(r.staffAvg).toBeCloseTo(19 / 8, 10); // 3·5 + 1·2 + 2
    expect(r.customerAvg).toBeCloseTo(20 / 8, 10); // 3·4 + 2 + 1 + 2 + 3
    expect(r.counts).toEqual([
      [1, 1, 0],
      [0, 0, 1],
      [0, 1, 4],
    ]);
    expect(r.unrated).toBe(1);
    expect(r.agreement).toEqual([
      { staff: 1, visits: 2, agreedPercent: 50, sentence: "Where you rated a visit 1 star, customers agreed 50% of the time." },
      { staff: 2, visits: 1, agreedPercent: 0, sentence: "Where you rated a visit 2 stars, customers agreed 0% of the time." },
      { staff: 3, visits: 5, agreedPercent: 80, sentence: "Where you rated a visit 3 stars, customers agreed 80% of the time." },
    ]);

    const other = await feedbackAgreement(b.merchant.id);
    expect(other).toMatchObject({
      visits: 3,
      unrated: 0,
      counts: [
        [0, 0, 1],
        [0, 0, 0],
        [2, 0, 0],
      ],
    });
    expect(other.agreement.map((x) => x.agreedPercent)).toEqual([0, 0]);
    // B's scope asked about A's merchant finds none of A's rows (row-level security), and the reverse.
    expect(await withTenant(b.merchant.id, () => feedbackAgreementOf(a.merchant.id))).toMatchObject({ visits: 0, unrated: 0, staffAvg: null, agreement: [] });
  });

  it("a merchant without answers about rated visits gets no averages and no sentences", async () => {
    const m = await makeMerchant("Agree none");
    await answers(m.merchant.id, m.merchant.timeZone, [[null, 2, 1]]);
    expect(await feedbackAgreement(m.merchant.id)).toEqual({
      visits: 0,
      staffAvg: null,
      customerAvg: null,
      counts: [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      agreement: [],
      unrated: 1,
    });
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
