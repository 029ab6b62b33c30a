import { describe, expect, it } from "vitest";
import { evaluateMerchant } from "@/features/automations/evaluate";
import { getAutomationResults as getAutomationResultsOf } from "@/features/automations/results";
import { captureVisit } from "@/features/visits/capture";
import { db as appDb } from "@/lib/db";
import { withTenant } from "@/lib/tenant";
import { addDays, dateOnly, fromLocalTime, localToday } from "@/lib/time";
import { recomputeRfm } from "@/features/insights/rfm";
import { addVisits, anyDayPromotion, automation, DAY, dealCustomers, deliverAll, emailsPerAddress } from "./automation-fixtures";
import { addCustomers } from "./campaign-fixtures";
import { db, inTenantOf, makeMerchant } from "./helpers";

const getAutomationResults = inTenantOf(getAutomationResultsOf);

// Each kind of automation finds the right occasion, keyed so it fires once; and the results count
// what the automation's codes brought against its holdout.

const TZ = "America/New_York";
const noonDaysAgo = (days: number) => fromLocalTime(addDays(localToday(TZ), -days), 12, 0, TZ);
const todayAt = (hour: number, daysFromToday = 0) => fromLocalTime(addDays(localToday(TZ), daysFromToday), hour, 30, TZ);

async function setup(name: string) {
  const m = await makeMerchant(name, TZ);
  const merchant = { id: m.merchant.id, timeZone: TZ };
  const promotion = await anyDayPromotion(merchant.id);
  return { m, merchant, promotion };
}
const firedFor = async (merchantId: string) =>
  (await db.automationOccasion.findMany({ where: { merchantId }, select: { customerId: true, occasionKey: true }, orderBy: { customerId: "asc" } })).map(
    (o) => [o.customerId, o.occasionKey],
  );

describe("win-back", () => {
  it("after N days without a visit, keyed by the lapse", async () => {
    const { merchant, promotion } = await setup("Win-back");
    const gone = await addCustomers(merchant.id, { n: 2, prefix: "gone" });
    await addVisits(merchant.id, TZ, gone, noonDaysAgo(100));
    await addVisits(merchant.id, TZ, gone, noonDaysAgo(60));
    const recent = await addCustomers(merchant.id, { n: 2, prefix: "recent" });
    await addVisits(merchant.id, TZ, recent, noonDaysAgo(59));
    await automation(merchant, promotion.id, { kind: "win_back", settings: { mode: "days", days: 60 } });
    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 2 });
    expect(await firedFor(merchant.id)).toEqual([...gone].sort().map((id) => [id, `lapse:${addDays(localToday(TZ), -60)}`]));
  });

  it("at twice the customer's own usual gap between visits (at least a week)", async () => {
    const { merchant, promotion } = await setup("Usual gap");
    const everyTenDays = await addCustomers(merchant.id, { n: 1, prefix: "ten" });
    for (const d of [40, 30, 20]) await addVisits(merchant.id, TZ, everyTenDays, noonDaysAgo(d)); // gap 10 → due 20 days after the last: today
    const monthly = await addCustomers(merchant.id, { n: 1, prefix: "monthly" });
    for (const d of [60, 30]) await addVisits(merchant.id, TZ, monthly, noonDaysAgo(d)); // gap 30 → due in 30 days
    const close = await addCustomers(merchant.id, { n: 1, prefix: "close" });
    for (const d of [17, 16]) await addVisits(merchant.id, TZ, close, noonDaysAgo(d)); // gap floored to 7 → due 2 days ago: still in the window
    await automation(merchant, promotion.id, { kind: "win_back", settings: { mode: "usualGap" } });
    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 2 });
    expect((await firedFor(merchant.id)).map(([id]) => id).sort()).toEqual([...everyTenDays, ...close].sort());
  });
});

describe("re-entry: once per customer, or not again within reentryDays", () => {
  // One customer (A) lapses today, comes back the next day and lapses again a week later (inside
  // the 30-day pause), then comes back on day 25 and lapses again on day 32 (past it). A second
  // customer (B) lapses for the first time on day 8, so that pass has an occasion it does send:
  // A's nothing is the re-entry rule, not an empty pass. The frequency cap (shared with campaigns)
  // is one day here, so it never stands in for the rule under test.
  async function lapses(name: string, form: { oncePerCustomer: boolean; reentryDays: number }) {
    const { merchant, promotion } = await setup(name);
    await db.merchant.update({ where: { id: merchant.id }, data: { promotionFrequencyCapDays: 1 } });
    const [a] = await addCustomers(merchant.id, { n: 1, prefix: "again" });
    const [b] = await addCustomers(merchant.id, { n: 1, prefix: "control" });
    await addVisits(merchant.id, TZ, [a!], noonDaysAgo(7));
    await automation(merchant, promotion.id, { kind: "win_back", settings: { mode: "days", days: 7 }, ...form });
    const keysOf = async (id: string) => (await firedFor(merchant.id)).filter(([c]) => c === id).map(([, key]) => key);

    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect(await keysOf(a!)).toEqual([`lapse:${addDays(localToday(TZ), -7)}`]);

    // Day 8: A's second lapse (last visit day 1) and B's first (last visit day 1) are both due.
    await addVisits(merchant.id, TZ, [a!, b!], noonDaysAgo(-1));
    const day8 = await evaluateMerchant(merchant.id, todayAt(11, 8));
    return { merchant, a: a!, b: b!, keysOf, day8 };
  }

  it("oncePerCustomer: false, reentryDays: 30 — a second occasion inside 30 days is not sent, one after 30 days is", async () => {
    const { merchant, a, b, keysOf, day8 } = await lapses("Re-entry 30", { oncePerCustomer: false, reentryDays: 30 });
    expect(day8[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect(await keysOf(b)).toEqual([`lapse:${addDays(localToday(TZ), 1)}`]);
    expect(await keysOf(a)).toHaveLength(1);
    // Later the same day and the next: the skipped occasion stays skipped while the pause lasts.
    expect((await evaluateMerchant(merchant.id, todayAt(15, 8)))[0]).toMatchObject({ outcome: "nobody" });
    expect((await evaluateMerchant(merchant.id, todayAt(11, 9)))[0]).toMatchObject({ outcome: "nobody" });

    // Day 32: A's third lapse (last visit day 25), 32 days after A's first send: sent.
    await addVisits(merchant.id, TZ, [a], noonDaysAgo(-25));
    expect((await evaluateMerchant(merchant.id, todayAt(11, 32)))[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect((await keysOf(a)).sort()).toEqual([`lapse:${addDays(localToday(TZ), -7)}`, `lapse:${addDays(localToday(TZ), 25)}`].sort());
  });

  it("the pause runs from the send: an occasion due on day 29 waits, and goes out on day 31 while still in the catch-up window", async () => {
    const { merchant, a } = await lapses("Re-entry edge", { oncePerCustomer: false, reentryDays: 30 });
    // Last visit day 22 → due day 29, 29 days after the send of day 0 (11:30): too soon …
    await addVisits(merchant.id, TZ, [a], noonDaysAgo(-22));
    expect((await evaluateMerchant(merchant.id, todayAt(11, 29)))[0]).toMatchObject({ outcome: "nobody" });
    // … and on day 31 (the occasion still in the catch-up window), 31 days after it: sent.
    expect((await evaluateMerchant(merchant.id, todayAt(11, 31)))[0]).toMatchObject({ outcome: "fired", sent: 1 });
  });

  it("oncePerCustomer: true — never again, however long after", async () => {
    const { merchant, a, b, keysOf, day8 } = await lapses("Once ever", { oncePerCustomer: true, reentryDays: 30 });
    expect(day8[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect(await keysOf(b)).toHaveLength(1);
    await addVisits(merchant.id, TZ, [a], noonDaysAgo(-25));
    expect((await evaluateMerchant(merchant.id, todayAt(11, 32)))[0]).toMatchObject({ outcome: "nobody" });
    await addVisits(merchant.id, TZ, [a], noonDaysAgo(-200));
    expect((await evaluateMerchant(merchant.id, todayAt(11, 207)))[0]).toMatchObject({ outcome: "nobody" });
    expect(await keysOf(a)).toEqual([`lapse:${addDays(localToday(TZ), -7)}`]);
  });
});

describe("birthday and anniversary", () => {
  it("N days before, once a year, and never a birthday already past the catch-up window", async () => {
    const { merchant, promotion } = await setup("Birthday");
    const [soon, past, none] = await addCustomers(merchant.id, { n: 3, prefix: "bday" });
    const inAWeek = addDays(localToday(TZ), 7);
    const tenDaysAgo = addDays(localToday(TZ), -10);
    await db.customer.update({ where: { merchantId_id: { merchantId: merchant.id, id: soon! } }, data: { birthday: dateOnly(`1990${inAWeek.slice(4)}`) } });
    await db.customer.update({ where: { merchantId_id: { merchantId: merchant.id, id: past! } }, data: { birthday: dateOnly(`1985${tenDaysAgo.slice(4)}`) } });
    void none;
    // Not once per customer: a birthday comes every year; the re-entry interval keeps it to one per year.
    await automation(merchant, promotion.id, { kind: "birthday", settings: { daysBefore: 7 }, oncePerCustomer: false, reentryDays: 300 });
    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect(await firedFor(merchant.id)).toEqual([[soon, `birthday:${inAWeek.slice(0, 4)}`]]);
    expect((await evaluateMerchant(merchant.id, todayAt(11, 1)))[0]).toMatchObject({ outcome: "nobody" });
    // A year later: the next birthday is a new occasion.
    const nextYear = new Date(todayAt(11).getTime() + 365 * DAY);
    expect((await evaluateMerchant(merchant.id, nextYear))[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect((await firedFor(merchant.id)).map(([, key]) => key).sort()).toEqual(
      [`birthday:${inAWeek.slice(0, 4)}`, `birthday:${Number(inAWeek.slice(0, 4)) + 1}`].sort(),
    );
  });

  it("anniversary on the day (0 days before)", async () => {
    const { merchant, promotion } = await setup("Anniversary");
    const [wed] = await addCustomers(merchant.id, { n: 2, prefix: "anniv" });
    await db.customer.update({
      where: { merchantId_id: { merchantId: merchant.id, id: wed! } },
      data: { anniversary: dateOnly(`2015${localToday(TZ).slice(4)}`) },
    });
    await automation(merchant, promotion.id, { kind: "anniversary", settings: { daysBefore: 0 } });
    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 1 });
  });
});

describe("thank-you and welcome to the best", () => {
  it("thanks a 3-star visit the day after, once per visit", async () => {
    const { merchant, promotion } = await setup("Thank you");
    const three = await addCustomers(merchant.id, { n: 2, prefix: "three" });
    await addVisits(merchant.id, TZ, three, noonDaysAgo(1), { rating: 3 });
    const two = await addCustomers(merchant.id, { n: 2, prefix: "two" });
    await addVisits(merchant.id, TZ, two, noonDaysAgo(1), { rating: 2 });
    await automation(merchant, promotion.id, { kind: "thank_you", settings: { days: 1 }, oncePerCustomer: false, reentryDays: 1 });
    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 2 });
    expect((await firedFor(merchant.id)).every(([, key]) => key!.startsWith("visit:"))).toBe(true);
    expect((await evaluateMerchant(merchant.id, todayAt(16)))[0]).toMatchObject({ outcome: "nobody" });
  });

  it("a thank-you carries each customer's own referral link while the referral program is on", async () => {
    const { merchant, promotion } = await setup("Thank you with referrals");
    const offer = await db.promotion.create({
      data: { merchantId: merchant.id, name: "Friend", title: "For a friend", offer: "a free dessert", subject: "A gift", body: "Hi {{firstName}}." },
      select: { id: true },
    });
    await db.referralProgram.create({ data: { merchantId: merchant.id, enabled: true, offerPromotionId: offer.id } });
    const three = await addCustomers(merchant.id, { n: 3, prefix: "thanked" });
    await addVisits(merchant.id, TZ, three, noonDaysAgo(1), { rating: 3 });
    // One already has a link (shared before): the email carries that one, not a new one.
    await db.referralLink.create({ data: { merchantId: merchant.id, customerId: three[0]!, code: "KEEPTHISCODE2345" } });
    await automation(merchant, promotion.id, { kind: "thank_you", settings: { days: 1 } });
    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 3 });
    await deliverAll(merchant.id);

    const links = await db.referralLink.findMany({ where: { merchantId: merchant.id }, include: { customer: { select: { email: true } } } });
    expect(links.map((l) => l.customerId).sort()).toEqual([...three].sort());
    expect(links.find((l) => l.customerId === three[0])!.code).toBe("KEEPTHISCODE2345");
    for (const link of links) {
      const [mail] = await db.emailMessage.findMany({ where: { merchantId: merchant.id, to: link.customer.email! } });
      expect(mail!.text).toContain("Friends who sign up through your link get a free dessert.");
      expect(mail!.html).toContain(`/r/${link.code}"`);
      for (const other of links.filter((l) => l.code !== link.code)) expect(mail!.html).not.toContain(other.code);
    }
  });

  it("a thank-you has no referral block, and makes no links, while the program is off", async () => {
    const { merchant, promotion } = await setup("Thank you without referrals");
    const three = await addCustomers(merchant.id, { n: 2, prefix: "plain" });
    await addVisits(merchant.id, TZ, three, noonDaysAgo(1), { rating: 3 });
    await automation(merchant, promotion.id, { kind: "thank_you", settings: { days: 1 } });
    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 2 });
    await deliverAll(merchant.id);
    const mails = await db.emailMessage.findMany({ where: { merchantId: merchant.id } });
    expect(mails).toHaveLength(2);
    for (const mail of mails) expect(mail.text).not.toContain("Bring a friend");
    expect(await db.referralLink.count({ where: { merchantId: merchant.id } })).toBe(0);
  });

  it("welcomes who newly matches the Smart Filter, not who already did when it was turned on", async () => {
    const { merchant, promotion } = await setup("Welcome");
    const already = await addCustomers(merchant.id, { n: 3, prefix: "already" });
    await addVisits(merchant.id, TZ, already, noonDaysAgo(5), { rating: 3 });
    await automation(merchant, promotion.id, { kind: "welcome_best", settings: { filter: "preset:three-star" } }, todayAt(8));
    expect((await evaluateMerchant(merchant.id, todayAt(9)))[0]).toMatchObject({ outcome: "baseline" });
    const newcomer = await addCustomers(merchant.id, { n: 1, prefix: "newcomer" });
    await addVisits(merchant.id, TZ, newcomer, noonDaysAgo(0), { rating: 3 });
    expect((await evaluateMerchant(merchant.id, todayAt(13)))[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect((await firedFor(merchant.id)).map(([id]) => id)).toEqual(newcomer);
    expect((await evaluateMerchant(merchant.id, todayAt(14)))[0]).toMatchObject({ outcome: "nobody" });
  });
});

describe("welcome to the best, by RFM segment", () => {
  it("welcomes a customer who becomes a Champion, once; the first pass records the Champions there already without sending", async () => {
    const { merchant, promotion } = await setup("Welcome Champions");
    const recompute = () => withTenant(merchant.id, () => recomputeRfm(appDb, merchant.id));
    const segmentOf = async (ids: string[]) =>
      (await db.customerRfm.findMany({ where: { merchantId: merchant.id, customerId: { in: ids } }, select: { segment: true } })).map((r) => r.segment);
    // Two regulars (five recent, big visits) and eight one-timers from long ago: with the
    // merchant's own quintiles the regulars score 5/5/5 (Champions), the one-timers 1/1/1.
    const champions = await addCustomers(merchant.id, { n: 2, prefix: "champ" });
    for (const d of [9, 8, 7, 6, 5]) await addVisits(merchant.id, TZ, champions, noonDaysAgo(d), { amountCents: 20_000 });
    const oneTimers = await addCustomers(merchant.id, { n: 8, prefix: "once" });
    await addVisits(merchant.id, TZ, oneTimers, noonDaysAgo(100), { amountCents: 2_000 });
    await recompute();
    expect(await segmentOf(champions)).toEqual(["champions", "champions"]);

    const a = await automation(merchant, promotion.id, { kind: "welcome_best", settings: { filter: "segment:champions" } }, todayAt(8));
    expect((await evaluateMerchant(merchant.id, todayAt(9)))[0]).toMatchObject({ outcome: "baseline" });
    expect(await db.automationOccasion.count({ where: { merchantId: merchant.id } })).toBe(0);
    expect(
      (await db.automationMember.findMany({ where: { merchantId: merchant.id, automationId: a.id }, select: { customerId: true } }))
        .map((m) => m.customerId)
        .sort(),
    ).toEqual([...champions].sort());

    // A one-timer comes back four times, big: after the nightly rescoring they are a Champion.
    const riser = oneTimers[0]!;
    for (const d of [4, 3, 2, 1]) await addVisits(merchant.id, TZ, [riser], noonDaysAgo(d), { amountCents: 20_000 });
    expect((await evaluateMerchant(merchant.id, todayAt(10)))[0]).toMatchObject({ outcome: "nobody" }); // not rescored yet
    await recompute();
    expect(await segmentOf([riser, ...champions])).toEqual(["champions", "champions", "champions"]);
    expect((await evaluateMerchant(merchant.id, todayAt(13)))[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect(await firedFor(merchant.id)).toEqual([[riser, `joined:${localToday(TZ)}`]]);
    await deliverAll(merchant.id);
    const { email } = await db.customer.findFirstOrThrow({ where: { merchantId: merchant.id, id: riser }, select: { email: true } });
    expect(await emailsPerAddress(merchant.id)).toEqual([expect.objectContaining({ to: email, _count: { _all: 1 } })]);
    // Once: the next passes, that day and the next, welcome nobody.
    expect((await evaluateMerchant(merchant.id, todayAt(15)))[0]).toMatchObject({ outcome: "nobody" });
    expect((await evaluateMerchant(merchant.id, todayAt(11, 1)))[0]).toMatchObject({ outcome: "nobody" });
  });
});

describe("results", () => {
  it("counts sends, redemptions of its codes, revenue, and the return rate against the holdout", async () => {
    const { m, merchant, promotion } = await setup("Results");
    await dealCustomers(merchant, { n: 80, prefix: "res", at: noonDaysAgo(14) });
    const a = await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 }, holdoutPercent: 25 });
    const [fired] = await evaluateMerchant(merchant.id, new Date());
    expect(fired!.outcome).toBe("fired");
    await deliverAll(merchant.id);
    const codes = await db.voucher.findMany({
      where: { merchantId: merchant.id, campaignId: { not: null } },
      select: { code: true },
      take: 6,
      orderBy: { code: "asc" },
    });
    for (const { code } of codes) {
      await withTenant(merchant.id, () =>
        appDb.$transaction((tx) => captureVisit(tx, merchant, { userId: m.staff.id, source: "counter" }, { voucherCode: code, amountCents: 5000 })),
      );
    }
    const heldOut = await db.automationOccasion.findMany({ where: { merchantId: merchant.id, isHoldout: true }, select: { customerId: true }, take: 1 });
    await addVisits(
      merchant.id,
      TZ,
      heldOut.map((h) => h.customerId),
      new Date(Date.now() + 60_000),
    );

    const r = await getAutomationResults(merchant.id, a.id);
    const sent = (fired as { sent: number }).sent;
    expect(r).toMatchObject({
      occasions: 80,
      sent,
      redeemed: 6,
      revenueCents: 30_000,
      recipients: { n: sent, returned: 6 },
      held: { n: 80 - sent, returned: 1 },
    });
    expect(r.holdout).toBe(80 - sent);
    expect(r.lift.sentence).toEqual(expect.any(String));
  });
});
