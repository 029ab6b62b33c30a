import { beforeEach, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { GET as progressRoute } from "@/app/m/[merchant]/campaigns/[id]/progress/route";
import { scheduleCampaignAction } from "@/features/campaigns/actions";
import { runCampaignJob } from "@/features/campaigns/jobs";
import { getCampaignForApi as getCampaignForApiOf } from "@/features/campaigns/queries";
import { addCustomers, offPeakPromotion, staticGroup } from "./campaign-fixtures";
import { makeMerchant, db, inTenantOf } from "./helpers";

// Feature functions called directly run in their merchant's scope (row-level security).
const getCampaignForApi = inTenantOf(getCampaignForApiOf);

const as = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = { id: u.id, email: u.email, name: "Someone", isPlatformAdmin: false, counterMerchantId };
};
const progress = (slug: string, id: string) =>
  progressRoute(new Request(`http://localhost/m/${slug}/campaigns/${id}/progress`), { params: Promise.resolve({ merchant: slug, id }) });

beforeEach(() => {
  session.user = null;
});

describe("following a send live", () => {
  it("names the campaign apart from its promotion, and the progress route tracks it from due to sent, inside its merchant only", async () => {
    const m = await makeMerchant("Live send");
    const other = await makeMerchant("Live other");
    const ids = await addCustomers(m.merchant.id, { n: 6, prefix: "live" });
    const group = await staticGroup(m.merchant.id, "Six", ids);
    const promo = await offPeakPromotion(m.merchant.id);
    as(m.owner);
    const tooLong = await scheduleCampaignAction(m.merchant.slug, {
      promotionId: promo.id,
      groupId: group.id,
      holdoutPercent: 0,
      when: "now",
      name: "x".repeat(81),
    });
    expect(tooLong).toMatchObject({ ok: false, fieldErrors: { name: "Keep the name under 80 characters." } });
    const res = await scheduleCampaignAction(m.merchant.slug, {
      promotionId: promo.id,
      groupId: group.id,
      holdoutPercent: 0,
      when: "now",
      name: "Off Peak — March",
    });
    expect(res.ok).toBe(true);
    const id = (res as { data: { id: string } }).data.id;
    expect(await getCampaignForApi(m.merchant.id, id)).toMatchObject({ name: "Off Peak — March" });

    // Due at once: the page shows "starting", not "scheduled… cancel any time before".
    let p = await (await progress(m.merchant.slug, id)).json();
    expect(p).toMatchObject({ status: "scheduled", sent: 0 });
    expect(Date.parse(p.sendAt)).toBeLessThanOrEqual(Date.now());

    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: async () => {} });
    p = await (await progress(m.merchant.slug, id)).json();
    expect(p).toMatchObject({ status: "sent", audience: 6, sent: 6 });

    // Another merchant's owner: 404; staff: 403; a counter (PIN) session: 403.
    as(other.owner);
    expect((await progress(m.merchant.slug, id)).status).toBe(404);
    expect((await progress(other.merchant.slug, id)).status).toBe(404);
    as(m.staff);
    expect((await progress(m.merchant.slug, id)).status).toBe(403);
    as(m.owner, m.merchant.id);
    expect((await progress(m.merchant.slug, id)).status).toBe(403);
    expect(await db.campaign.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  }, 60_000);
});
