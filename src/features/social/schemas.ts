import { z } from "zod";
import { zText } from "@/lib/text";

// Inputs of referrals and feedback: the public pages' and the settings page's.

const ZOptionalPromotionId = z
  .union([z.literal(""), z.string().uuid("Pick one of your promotions."), z.null()])
  .optional()
  .transform((v) => v || null);

export const ZReferralProgramInput = z.object({
  enabled: z.boolean(),
  offerPromotionId: ZOptionalPromotionId,
  rewardPromotionId: ZOptionalPromotionId,
});
export type TReferralProgramInput = z.output<typeof ZReferralProgramInput>;

export const ZReferralCode = z.string().trim().min(1).max(40);

/** The friend's form on /r/[code]. */
export const ZFriendSignUp = z.object({
  code: ZReferralCode,
  email: z.string().trim().max(254, "That email address is too long.").email("Enter a valid email address."),
  firstName: zText("Your first name")
    .max(60, "Keep your first name under 60 characters.")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  consent: z.literal(true, { error: "Tick the box so we may email you your code." }),
});
export type TFriendSignUpInput = z.output<typeof ZFriendSignUp>;

export const ZFeedbackSettings = z.object({
  feedbackEnabled: z.boolean(),
  feedbackDelayHours: z.coerce.number({ error: "Enter a number of hours." }).int("Use whole hours.").min(1, "At least 1 hour.").max(72, "At most 72 hours."),
});

export const ZFeedbackToken = z.string().min(10).max(500);
export const ZFeedbackAnswer = z.object({ token: ZFeedbackToken, rating: z.coerce.number().int().min(1, "Pick 1 to 3 stars.").max(3, "Pick 1 to 3 stars.") });
export const ZFeedbackComment = z.object({
  token: ZFeedbackToken,
  comment: zText("Your comment", { multiline: true }).min(1, "Write a few words first.").max(2000, "Keep it under 2,000 characters."),
});
