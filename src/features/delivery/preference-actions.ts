"use server";

import { z } from "zod";
import { chain, defineAction } from "@/lib/chain";
import { AppError } from "@/lib/errors";
import { readPreferenceToken, resubscribeByToken, unsubscribeByToken, updatePreferencesByToken, ZPreferenceUpdate } from "./preferences";

// Actions of the customer's own preference page. No session: the signed token in the link is the
// credential — the chain's first step here — and the merchant and customer come from it.

const ZToken = z.string().min(10).max(2000);

/** Step: a preference link's signed token, or "not valid" (preferences.ts checks the customer still exists). */
function withSignedCustomerToken(_ctx: object, token: unknown): { token: string } {
  const t = ZToken.safeParse(token);
  if (!t.success || !readPreferenceToken(t.data)) throw new AppError("NOT_FOUND", "This link is not valid.");
  return { token: t.data };
}

const preferenceChain = chain<unknown>().use(withSignedCustomerToken);

export const updatePreferencesAction = defineAction(preferenceChain, { name: "updatePreferences", schema: ZPreferenceUpdate }, (input, { token }) =>
  updatePreferencesByToken(token, input),
);

export const setSubscribedAction = defineAction(preferenceChain, { name: "setSubscribed", schema: z.boolean() }, async (subscribed, { token }) => {
  if (subscribed) await resubscribeByToken(token);
  else await unsubscribeByToken(token, "preference_page");
  return { subscribed };
});
