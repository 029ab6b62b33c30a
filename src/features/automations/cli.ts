import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { runCampaignJob } from "@/features/campaigns/jobs";
import { enqueueCampaignSend } from "@/features/campaigns/jobs";
import { evaluateMerchant } from "./evaluate";

// `npm run cli -- automations:run --merchant <slug> [--at <time>] [--deliver]`: one evaluation of a
// merchant's automations as of a chosen instant (the clock the end-to-end test moves), outside
// the send-time window. What fires is delivered here with --deliver, else by the worker.

const ZRun = z.object({
  merchantSlug: z.string().min(1, "Name the merchant: --merchant <slug>."),
  at: z
    .string()
    .optional()
    .transform((s) => (s ? new Date(s) : new Date()))
    .refine((d) => !Number.isNaN(d.getTime()), "--at takes an ISO time, e.g. 2026-12-16T15:00:00Z."),
  deliver: z.boolean().default(false),
});

export async function runAutomationsCommand(input: z.input<typeof ZRun>) {
  const { merchantSlug, at, deliver } = ZRun.parse(input);
  const merchant = await db.merchant.findUnique({ where: { slug: merchantSlug }, select: { id: true } });
  if (!merchant) throw new AppError("NOT_FOUND", `No merchant ${merchantSlug}.`);
  const results = await evaluateMerchant(merchant.id, at, { ignoreSendTime: true });
  const kinds = new Map((await db.automation.findMany({ where: { merchantId: merchant.id }, select: { id: true, kind: true } })).map((a) => [a.id, a.kind]));
  for (const r of results) {
    if (r.outcome !== "fired") continue;
    if (deliver) await runCampaignJob({ merchantId: merchant.id, campaignId: r.campaignId });
    else await enqueueCampaignSend({ merchantId: merchant.id, campaignId: r.campaignId }, new Date());
  }
  return { at: at.toISOString(), results: results.map((r) => ({ ...r, kind: kinds.get(r.automationId) })) };
}
