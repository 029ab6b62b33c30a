"use server";

import { randomUUID } from "node:crypto";
import { merchantAction } from "@/features/tenancy/request-chain";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { TAutomationRow } from "./evaluate";
import { getAutomationOrThrow } from "./queries";
import { ZAutomationForm, ZAutomationToggle } from "./schemas";
import { previewAutomation, saveAutomation, setAutomationEnabled } from "./service";

// Automations send promotions, so they need what sending a campaign needs (manager and up).

export const saveAutomationAction = merchantAction({ permission: "campaigns.send", schema: ZAutomationForm, name: "saveAutomation" }, async (input, ctx) => {
  const a = await saveAutomation(ctx.merchant, input, { userId: ctx.user.id });
  return { id: a.id };
});

export const toggleAutomationAction = merchantAction({ permission: "campaigns.send", schema: ZAutomationToggle, name: "toggleAutomation" }, (input, ctx) =>
  setAutomationEnabled(ctx.merchant, input.automationId, input.enabled, { userId: ctx.user.id }),
);

/** The tune form's live "who would get it today and this week", from the values as typed (not saved). */
export const previewAutomationAction = merchantAction(
  { permission: "campaigns.send", schema: ZAutomationForm, name: "previewAutomation" },
  async (input, ctx) => {
    const existing = input.automationId ? await getAutomationOrThrow(ctx.merchant.id, input.automationId) : null;
    const promotion = await db.promotion.findUnique({ where: { merchantId_id: { merchantId: ctx.merchant.id, id: input.promotionId } }, select: { id: true } });
    if (!promotion) throw new AppError("NOT_FOUND", "That promotion was not found.", { fieldErrors: { promotionId: "Pick one of your saved promotions." } });
    const draft: TAutomationRow = {
      id: existing?.id ?? randomUUID(),
      merchantId: ctx.merchant.id,
      kind: input.kind,
      promotionId: input.promotionId,
      enabled: false,
      settings: input.settings,
      holdoutPercent: input.holdoutPercent,
      sendHour: input.sendHour,
      quietHourFrom: input.quietHourFrom,
      quietHourTo: input.quietHourTo,
      oncePerCustomer: input.oncePerCustomer,
      reentryDays: input.reentryDays,
      enabledAt: null,
      groupId: null,
      lastRunAt: existing?.lastRunAt ?? null,
    };
    return previewAutomation(ctx.merchant, draft);
  },
);
