import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { localToday } from "@/lib/time";
import { presetsFor } from "@/features/filters/presets";
import { RFM_SEGMENTS } from "@/features/filters/schemas";
import { segmentLabel } from "@/features/insights/segments";
import { merchantAddressProblem } from "@/features/promotions/branding";
import { describeAutomation, describeTiming } from "./describe";
import { AUTOMATION_SELECT, type TAutomationRow } from "./evaluate";
import { getAutomationResults } from "./results";
import { AUTOMATION_KINDS, settingsOf, type TAutomationKind, type TWelcomeSettings } from "./schemas";
import { previewAutomation } from "./service";

type TPageMerchant = { id: string; timeZone: string; promotionFrequencyCapDays: number };

export type TWelcomeOption = { value: string; label: string; group: "Presets" | "RFM segments" | "Your Smart Filters" };

/** What a "welcome" automation can watch: the presets, the RFM segments, then the merchant's saved Smart Filters. */
export async function filterOptions(merchantId: string, timeZone: string): Promise<TWelcomeOption[]> {
  const saved = await db.smartFilter.findMany({ where: { merchantId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
  return [
    ...presetsFor(localToday(timeZone)).map((p) => ({ value: `preset:${p.key}`, label: p.name, group: "Presets" as const })),
    ...RFM_SEGMENTS.map((s) => ({ value: `segment:${s}`, label: segmentLabel(s), group: "RFM segments" as const })),
    ...saved.map((f) => ({ value: `saved:${f.id}`, label: f.name, group: "Your Smart Filters" as const })),
  ];
}

export async function promotionOptions(merchantId: string) {
  return db.promotion.findMany({ where: { merchantId, archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export async function getAutomationOrThrow(merchantId: string, id: string): Promise<TAutomationRow> {
  const a = await db.automation.findUnique({ where: { merchantId_id: { merchantId, id } }, select: AUTOMATION_SELECT });
  if (!a) throw new AppError("NOT_FOUND", "That automation was not found.");
  return a as TAutomationRow;
}

/** Everything the automations page shows: each automation in words, its preview and results. */
export async function listAutomationsForPage(merchant: TPageMerchant) {
  const rows = (await db.automation.findMany({
    where: { merchantId: merchant.id },
    select: { ...AUTOMATION_SELECT, promotion: { select: { name: true, archivedAt: true } } },
    orderBy: { createdAt: "asc" },
  })) as (TAutomationRow & {
    promotion: { name: string; archivedAt: Date | null };
  })[];
  const filters = rows.some((r) => r.kind === "welcome_best") ? await filterOptions(merchant.id, merchant.timeZone) : [];
  const address = await db.merchant.findUniqueOrThrow({
    where: { id: merchant.id },
    select: { addressLine1: true, addressLine2: true, city: true, region: true, postalCode: true, country: true },
  });
  const out = [];
  for (const a of rows) {
    const filterName =
      a.kind === "welcome_best" ? filters.find((f) => f.value === (settingsOf("welcome_best", a.settings) as TWelcomeSettings).filter)?.label : undefined;
    const [results, preview] = await Promise.all([getAutomationResults(merchant.id, a.id), previewAutomation(merchant, a).catch(() => null)]);
    out.push({
      ...a,
      sentence: describeAutomation(a, a.promotion.name, filterName),
      timing: describeTiming(a),
      problem: a.promotion.archivedAt ? "Its promotion was archived: pick another one." : null,
      results,
      preview,
    });
  }
  const configured = new Set(out.map((a) => a.kind));
  return {
    automations: out,
    available: AUTOMATION_KINDS.filter((k): k is TAutomationKind => !configured.has(k)),
    addressProblem: merchantAddressProblem(address),
  };
}
