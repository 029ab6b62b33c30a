import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { withTenant } from "@/lib/tenant";
import { AppError } from "@/lib/errors";
import { enqueueCampaignSend } from "@/features/campaigns/jobs";
import { evaluateMerchant } from "./evaluate";

// `npm run cli -- automations:run --merchant <slug> [--at <time>]`: one evaluation of a merchant's
// automations as of a chosen instant (the clock the end-to-end test moves), outside the send-time
// window. What fires is delivered by the worker (the CLI runs under react-server, where React
// Email's renderer does not load): a job is sent now, and the campaign sweep would find it anyway.

const ZRun = z.object({
  merchantSlug: z.string().min(1, "Name the merchant: --merchant <slug>."),
  at: z
    .string()
    .optional()
    .transform((s) => (s ? new Date(s) : new Date()))
    .refine((d) => !Number.isNaN(d.getTime()), "--at takes an ISO time, e.g. 2026-12-16T15:00:00Z."),
});

export async function runAutomationsCommand(input: z.input<typeof ZRun>) {
  const { merchantSlug, at } = ZRun.parse(input);
  const merchant = await db.merchant.findUnique({ where: { slug: merchantSlug }, select: { id: true } });
  if (!merchant) throw new AppError("NOT_FOUND", `No merchant ${merchantSlug}.`);
  const results = await evaluateMerchant(merchant.id, at, { ignoreSendTime: true });
  // In the merchant's tenant scope (the operator names the merchant; merchants has no tenant policy).
  const kinds = new Map(
    (await withTenant(merchant.id, () => db.automation.findMany({ where: { merchantId: merchant.id }, select: { id: true, kind: true } }))).map((a) => [
      a.id,
      a.kind,
    ]),
  );
  for (const r of results) if (r.outcome === "fired") await enqueueCampaignSend({ merchantId: merchant.id, campaignId: r.campaignId }, new Date());
  return { at: at.toISOString(), results: results.map((r) => ({ ...r, kind: kinds.get(r.automationId) })) };
}
