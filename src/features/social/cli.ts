import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { queue, QUEUES } from "@/lib/queue";

// `npm run cli -- feedback:run --merchant <slug> [--at <time>]`: asks the worker to send the
// merchant's due "How was it?" emails as of a chosen instant (React Email does not render under the
// CLI's react-server condition, so the worker does the sending, as for automations).

const ZRun = z.object({
  merchantSlug: z.string().min(1, "Name the merchant: --merchant <slug>."),
  at: z
    .string()
    .optional()
    .refine((s) => !s || !Number.isNaN(new Date(s).getTime()), "--at takes an ISO time, e.g. 2026-12-16T15:00:00Z."),
});

export async function queueFeedbackRun(input: z.input<typeof ZRun>) {
  const { merchantSlug, at } = ZRun.parse(input);
  const merchant = await db.merchant.findUnique({ where: { slug: merchantSlug }, select: { id: true } });
  if (!merchant) throw new AppError("NOT_FOUND", `No merchant ${merchantSlug}.`);
  const boss = await queue();
  const jobId = await boss.send(QUEUES.feedbackAsk, { merchantId: merchant.id, ...(at ? { at: new Date(at).toISOString() } : {}) });
  return { merchantId: merchant.id, jobId };
}
