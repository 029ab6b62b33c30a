"use server";

import { after } from "next/server";
import { publicAction } from "@/lib/chain";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { tooManyAttemptsMessage } from "@/lib/sign-in-errors";
import { z } from "zod";
import { ZFeedbackAnswer, ZFeedbackComment, ZFriendSignUp, ZReferralCode } from "./schemas";
import { answerFeedback, commentFeedback } from "./feedback";
import { takeReferralSignUpToken, takeShareToken } from "./throttle";
import { recordShare, signUpFriend } from "./referrals";

// The public doors of /r/[code]: no session; the caller's address is the chain's one step (the throttle).

/**
 * A friend asks for their code. The answer is the same, and as quick, for every address and every
 * link: the throttle runs first, the work (and its email) after the answer has gone.
 */
export const requestFriendCodeAction = publicAction({ name: "requestFriendCode", schema: ZFriendSignUp }, async (input, { ip }) => {
  const allowed = await takeReferralSignUpToken(ip, input.code, input.email);
  if (!allowed.ok) {
    const message = tooManyAttemptsMessage(allowed.retryAfterSeconds);
    throw new AppError("RATE_LIMITED", message, { fieldErrors: { email: message } });
  }
  after(() =>
    signUpFriend(input.code, { email: input.email, firstName: input.firstName })
      .then((outcome) => log.info("referral sign-up", { outcome }))
      .catch((err: unknown) => log.error("referral sign-up failed", { err })),
  );
  return { sent: true as const };
});

/** A share button was used (counted for the social score; a few per minute per address count). */
export const recordShareAction = publicAction(
  { name: "recordShare", schema: z.object({ code: ZReferralCode, via: z.enum(["copy", "email", "sms", "whatsapp", "share"]) }) },
  async (input, { ip }) => {
    if ((await takeShareToken(ip, input.code)).ok) await recordShare(input.code);
    return { ok: true as const };
  },
);

/** The customer's tap on a star (the answer page posts it; the first answer wins). */
export const answerFeedbackAction = publicAction({ name: "answerFeedback", schema: ZFeedbackAnswer }, async (input) =>
  answerFeedback(input.token, input.rating as 1 | 2 | 3),
);

/** The customer's comment, once. */
export const commentFeedbackAction = publicAction({ name: "commentFeedback", schema: ZFeedbackComment }, async (input) =>
  commentFeedback(input.token, input.comment),
);
