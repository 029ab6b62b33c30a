"use server";

import { z } from "zod";
import { fieldErrorsFrom, type TActionResult } from "@/lib/action";
import { toPublicError } from "@/lib/errors";
import { resubscribeByToken, unsubscribeByToken, updatePreferencesByToken, ZPreferenceUpdate } from "./preferences";

// Actions of the customer's own preference page. No session: the signed token in the link is the
// credential, checked on every call (preferences.ts), and the merchant and customer come from it.

const ZToken = z.string().min(10).max(2000);

async function run<T>(fn: () => Promise<T>, context: Record<string, unknown>): Promise<TActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    const e = toPublicError(err, context);
    return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
  }
}

export async function updatePreferencesAction(token: unknown, input: unknown): Promise<TActionResult<{ ok: true }>> {
  const t = ZToken.safeParse(token);
  if (!t.success) return { ok: false, error: "This link is not valid." };
  const parsed = ZPreferenceUpdate.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsFrom(parsed.error) };
  return run(() => updatePreferencesByToken(t.data, parsed.data), { action: "updatePreferences" });
}

export async function setSubscribedAction(token: unknown, subscribed: unknown): Promise<TActionResult<{ subscribed: boolean }>> {
  const t = ZToken.safeParse(token);
  if (!t.success || typeof subscribed !== "boolean") return { ok: false, error: "This link is not valid." };
  return run(async () => {
    if (subscribed) await resubscribeByToken(t.data);
    else await unsubscribeByToken(t.data, "preference_page");
    return { subscribed };
  }, { action: "setSubscribed" });
}
