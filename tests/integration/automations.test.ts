import { describe, expect, it } from "vitest";
import { evaluateMerchant } from "@/features/automations/evaluate";
import { previewAutomation as previewAutomationOf } from "@/features/automations/service";
import { createCampaign, startCampaignIfDue as startCampaignIfDueOf } from "@/features/campaigns/service";
import { db as appDb } from "@/lib/db";
import { withTenant } from "@/lib/tenant";
import { addDays, fromLocalTime, localToday } from "@/lib/time";
import { anyDayPromotion, automation, DAY, dealCustomers, deliverAll, emailsPerAddress, addVisits, setAutomationEnabled } from "./automation-fixtures";
import { addCustomers, staticGroup } from "./campaign-fixtures";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions called as their entry points call them: in the merchant's tenant scope.
const previewAutomation = inTenantOf(previewAutomationOf);
const startCampaignIfDue = inTenantOf(startCampaignIfDueOf);
const newCampaign = (merchant: { id: string; timeZone: string }, input: { promotionId: string; groupId: string; holdoutPercent: number }) =>
  withTenant(merchant.id, () => appDb.$transaction((tx) => createCampaign(tx, merchant, input, {})));

// The scheduler's guarantees (features/automations/evaluate.ts): each automation fires once per
// customer and occasion — across repeated passes, two workers at once and a catch-up after
// downtime — within the catch-up window, in the merchant's sending hours, through the campaigns'
// delivery, consent rules and frequency cap.

const TZ = "America/New_York";
/** Local noon `days` ago (relative to the real clock, which the deliveries and the cap also use). */
const noonDaysAgo = (days: number) => fromLocalTime(addDays(localToday(TZ), -days), 12, 0, TZ);
/** Today at local `hour`: the clock the scheduler runs at. */
const todayAt = (hour: number, daysFromToday = 0) => fromLocalTime(addDays(localToday(TZ), daysFromToday), hour, 30, TZ);

async function setup(name: string) {
  const m = await makeMerchant(name, TZ);
  const merchant = { id: m.merchant.id, timeZone: TZ };
  const promotion = await anyDayPromotion(merchant.id);
  return { m, merchant, promotion };
}

const occasions = (merchantId: string) =>
  db.automationOccasion.findMany({ where: { merchantId }, select: { customerId: true, occasionKey: true, isHoldout: true, dueDate: true } });

describe("second visit", () => {
  it("emails a personal code N days after a first deal redemption, once, and only to who has not come back", async () => {
    const { merchant, promotion } = await setup("Second visit");
    const due = await dealCustomers(merchant, { n: 5, prefix: "due", at: noonDaysAgo(14) });
    const early = await dealCustomers(merchant, { n: 3, prefix: "early", at: noonDaysAgo(13) });
    const back = await dealCustomers(merchant, { n: 2, prefix: "back", at: noonDaysAgo(14) });
    await addVisits(merchant.id, TZ, back, noonDaysAgo(3));
    await dealCustomers(merchant, { n: 2, prefix: "noconsent", consent: false, at: noonDaysAgo(14) });
    const walkIns = await addCustomers(merchant.id, { n: 2, prefix: "walkin" });
    await addVisits(merchant.id, TZ, walkIns, noonDaysAgo(14)); // a first visit without a deal
    const a = await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } });

    const [first] = await evaluateMerchant(merchant.id, todayAt(11));
    expect(first).toMatchObject({ outcome: "fired", sent: 5, holdout: 0 });
    const [again] = await evaluateMerchant(merchant.id, todayAt(15));
    expect(again).toMatchObject({ outcome: "nobody" });
    expect((await occasions(merchant.id)).map((o) => o.customerId).sort()).toEqual([...due].sort());

    await deliverAll(merchant.id);
    const mail = await db.emailMessage.findMany({ where: { merchantId: merchant.id }, select: { to: true, subject: true, voucherCode: true, headers: true } });
    expect(mail.map((e) => e.to).sort()).toEqual(["due1@example.com", "due2@example.com", "due3@example.com", "due4@example.com", "due5@example.com"]);
    expect(mail[0]!.subject).toBe("Due, come back for 10% off");
    expect(mail.every((e) => /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/.test(e.voucherCode ?? ""))).toBe(true);
    expect(JSON.stringify(mail[0]!.headers)).toContain("List-Unsubscribe");
    const campaign = await db.campaign.findFirstOrThrow({
      where: { merchantId: merchant.id, automationId: a.id },
      select: { status: true, audienceCount: true },
    });
    expect(campaign).toEqual({ status: "sent", audienceCount: 5 });

    // Tomorrow the 13-day ones are due; the 14-day ones are not sent again.
    const [tomorrow] = await evaluateMerchant(merchant.id, todayAt(11, 1));
    expect(tomorrow).toMatchObject({ outcome: "fired", sent: 3 });
    expect((await occasions(merchant.id)).filter((o) => early.includes(o.customerId))).toHaveLength(3);
  });

  it("two workers evaluating at the same moment fire each occasion once, and each customer gets one email", async () => {
    const { merchant, promotion } = await setup("Two workers");
    await dealCustomers(merchant, { n: 300, prefix: "race", at: noonDaysAgo(14) });
    await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 }, holdoutPercent: 10 });
    const [x, y] = await Promise.all([evaluateMerchant(merchant.id, todayAt(11)), evaluateMerchant(merchant.id, todayAt(11))]);
    const outcomes = [x![0]!.outcome, y![0]!.outcome].sort();
    expect(outcomes).toEqual(["fired", "nobody"]);
    const all = await occasions(merchant.id);
    expect(all).toHaveLength(300);
    expect(new Set(all.map((o) => o.customerId)).size).toBe(300);
    const held = all.filter((o) => o.isHoldout).length;
    expect(held).toBeGreaterThan(10);
    expect(held).toBeLessThan(60);
    await Promise.all([deliverAll(merchant.id), deliverAll(merchant.id)]);
    const perAddress = await emailsPerAddress(merchant.id);
    expect(perAddress).toHaveLength(300 - held);
    expect(perAddress.every((r) => r._count._all === 1)).toBe(true);
  }, 120_000);

  it("after two days down, the scheduler sends what fell due meanwhile once, and nothing stale", async () => {
    const { merchant, promotion } = await setup("Downtime");
    const dueTwoDaysAgo = await dealCustomers(merchant, { n: 2, prefix: "d2", at: noonDaysAgo(16) });
    const dueYesterday = await dealCustomers(merchant, { n: 2, prefix: "d1", at: noonDaysAgo(15) });
    const dueToday = await dealCustomers(merchant, { n: 2, prefix: "d0", at: noonDaysAgo(14) });
    const dueThreeDaysAgo = await dealCustomers(merchant, { n: 2, prefix: "d3", at: noonDaysAgo(17) });
    await dealCustomers(merchant, { n: 2, prefix: "stale", at: noonDaysAgo(24) }); // due 10 days ago: past the catch-up window
    await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } });

    // The last pass before the outage, three days ago: what was due by then went out.
    const [before] = await evaluateMerchant(merchant.id, todayAt(18, -3));
    expect(before).toMatchObject({ outcome: "fired", sent: 2 });
    expect((await occasions(merchant.id)).map((o) => o.customerId).sort()).toEqual([...dueThreeDaysAgo].sort());
    // Down two days. Back today, two workers start at once and each runs its catch-up pass.
    const back = await Promise.all([evaluateMerchant(merchant.id, todayAt(9)), evaluateMerchant(merchant.id, todayAt(9))]);
    expect(back.flat().filter((r) => r.outcome === "fired")).toHaveLength(1);
    expect(back.flat().find((r) => r.outcome === "fired")).toMatchObject({ sent: 6 });
    const fired = await occasions(merchant.id);
    expect(fired.map((o) => o.customerId).sort()).toEqual([...dueThreeDaysAgo, ...dueTwoDaysAgo, ...dueYesterday, ...dueToday].sort());
    expect(
      fired
        .find((o) => o.customerId === dueTwoDaysAgo[0])!
        .dueDate.toISOString()
        .slice(0, 10),
    ).toBe(addDays(localToday(TZ), -2));
    // Every later pass today finds nothing new.
    expect((await evaluateMerchant(merchant.id, todayAt(12)))[0]).toMatchObject({ outcome: "nobody" });
    await deliverAll(merchant.id);
    const perAddress = await emailsPerAddress(merchant.id);
    expect(perAddress).toHaveLength(8);
    expect(perAddress.every((r) => r._count._all === 1)).toBe(true);
  }, 60_000);
});

describe("send time, quiet hours, pause", () => {
  it("waits for the send time and stays quiet in quiet hours, merchant-local", async () => {
    const { merchant, promotion } = await setup("Hours");
    await dealCustomers(merchant, { n: 2, prefix: "h", at: noonDaysAgo(14) });
    await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 }, sendHour: 10, quietHourFrom: 12, quietHourTo: 14 });
    expect((await evaluateMerchant(merchant.id, todayAt(9)))[0]!.outcome).toBe("closed");
    expect((await evaluateMerchant(merchant.id, todayAt(12)))[0]!.outcome).toBe("closed");
    expect((await evaluateMerchant(merchant.id, todayAt(14)))[0]).toMatchObject({ outcome: "fired", sent: 2 });
  });

  it("a paused automation sends nothing; resumed, it does not send the paused days' backlog", async () => {
    const { merchant, promotion } = await setup("Pause");
    await dealCustomers(merchant, { n: 2, prefix: "p2", at: noonDaysAgo(16) });
    const today = await dealCustomers(merchant, { n: 1, prefix: "p0", at: noonDaysAgo(14) });
    const a = await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } });
    await setAutomationEnabled(merchant, a.id, false, {});
    expect(await evaluateMerchant(merchant.id, todayAt(11))).toEqual([]);
    await setAutomationEnabled(merchant, a.id, true, {}, todayAt(8));
    expect((await evaluateMerchant(merchant.id, todayAt(11)))[0]).toMatchObject({ outcome: "fired", sent: 1 });
    expect((await occasions(merchant.id)).map((o) => o.customerId)).toEqual(today);
  });
});

describe("consent and the frequency cap, shared with campaigns", () => {
  it("skips who got a campaign within the cap, and a campaign starting after it skips who the automation claimed", async () => {
    const { merchant, promotion } = await setup("Cap");
    const ids = await dealCustomers(merchant, { n: 6, prefix: "cap", at: noonDaysAgo(14) });
    // A campaign reached the first two yesterday (a claim within the 7-day cap).
    const group = await staticGroup(merchant.id, "First two", ids.slice(0, 2));
    const c1 = await newCampaign(merchant, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 });
    await startCampaignIfDue(merchant.id, c1.id);
    await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } });
    expect((await evaluateMerchant(merchant.id, new Date()))[0]).toMatchObject({ outcome: "fired", sent: 4 });
    // Now a campaign to all six: everyone was claimed within the cap, by one or the other.
    const all = await staticGroup(merchant.id, "All six", ids);
    const c2 = await newCampaign(merchant, { promotionId: promotion.id, groupId: all.id, holdoutPercent: 0 });
    await startCampaignIfDue(merchant.id, c2.id);
    const started = await db.campaign.findUniqueOrThrow({
      where: { merchantId_id: { merchantId: merchant.id, id: c2.id } },
      select: { audienceCount: true, excluded: true },
    });
    expect(started.audienceCount).toBe(0);
    expect((started.excluded as { frequencyCapped: number }).frequencyCapped).toBe(6);
  });
});

describe("preview", () => {
  it("counts who would get it today and this week, before it is turned on", async () => {
    const { merchant, promotion } = await setup("Preview");
    await dealCustomers(merchant, { n: 3, prefix: "t", at: noonDaysAgo(14) });
    await dealCustomers(merchant, { n: 4, prefix: "w", at: noonDaysAgo(10) });
    await dealCustomers(merchant, { n: 1, prefix: "nc", consent: false, at: noonDaysAgo(12) });
    const a = await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } }, null);
    const m = await db.merchant.findUniqueOrThrow({ where: { id: merchant.id }, select: { id: true, timeZone: true, promotionFrequencyCapDays: true } });
    expect(await previewAutomation(m, a, new Date())).toEqual({ today: { gets: 3, holdout: 0, excluded: 0 }, week: { gets: 7, holdout: 0, excluded: 1 } });
    expect(await evaluateMerchant(merchant.id, new Date())).toEqual([]); // still off: nothing sent
  });
});

void DAY;
