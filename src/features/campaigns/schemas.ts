import { z } from "zod";
import { zText } from "@/lib/text";

/** A campaign's own name ("Off Peak — March"), separate from its promotion's; optional. */
export const ZCampaignName = zText("The campaign name").max(80, "Keep the name under 80 characters.");

const ZInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, "Use an RFC 3339 timestamp with an offset, e.g. 2026-03-08T19:30:00-05:00.")
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), "Not a real time.");

/** POST /api/v1/campaigns. Without sendAt (or with a time already past) it sends now. */
export const ZCreateCampaign = z
  .object({
    promotionId: z.string().uuid("Pick a promotion."),
    groupId: z.string().uuid("Pick a group."),
    holdoutPercent: z.number().int("Use a whole percentage.").min(0, "The holdout is 0 to 50%.").max(50, "The holdout is 0 to 50%.").default(10),
    sendAt: ZInstant.optional(),
    name: ZCampaignName.optional(),
  })
  .strict();
export type TCreateCampaign = z.infer<typeof ZCreateCampaign>;

/** The new-campaign form: the schedule is a merchant-local date and time, or "now". */
export const ZCampaignForm = z
  .object({
    promotionId: z.string().uuid("Pick a promotion."),
    groupId: z.string().uuid("Pick a group."),
    holdoutPercent: z.coerce.number().int().min(0, "The holdout is 0 to 50%.").max(50, "The holdout is 0 to 50%."),
    when: z.enum(["now", "later"]),
    name: ZCampaignName.optional(),
    localDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "Pick a date.")
      .optional(),
    localTime: z
      .string()
      .regex(/^\d{2}:\d{2}$/, "Pick a time.")
      .optional(),
    /** A draft made by Duplicate: it becomes this campaign. */
    draftId: z.string().uuid().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.when === "later" && !v.localDate) ctx.addIssue({ code: "custom", path: ["localDate"], message: "Pick a date." });
    if (v.when === "later" && !v.localTime) ctx.addIssue({ code: "custom", path: ["localTime"], message: "Pick a time." });
  });
export type TCampaignForm = z.infer<typeof ZCampaignForm>;

export const ZAudienceQuery = z.object({ groupId: z.string().uuid(), promotionId: z.string().uuid().optional() }).strict();
export const ZCampaignRef = z.object({ campaignId: z.string().uuid() }).strict();

/** GET /m/{merchant}/campaigns/{id}/progress: what the campaign page polls while a send runs. */
export type TCampaignProgress = {
  status: "draft" | "scheduled" | "sending" | "sent" | "cancelled" | "failed";
  sendAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  audience: number;
  sent: number;
  failed: number;
};
