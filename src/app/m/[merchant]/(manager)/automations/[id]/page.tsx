import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { AutomationForm } from "@/features/automations/components/automation-form";
import { filterOptions, getAutomationOrThrow, promotionOptions } from "@/features/automations/queries";
import { KIND_LABELS, settingsOf } from "@/features/automations/schemas";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { isUuid } from "@/lib/ids";

export const metadata: Metadata = { title: "Tune automation" };

// GET /m/[merchant]/automations/[id] — tune one automation; another merchant's id is a 404.
export default async function TuneAutomationPage({ params }: { params: Promise<{ merchant: string; id: string }> }) {
  const { merchant: slug, id } = await params;
  const ctx = await requireMerchantPage(slug, "campaigns.send");
  if (!isUuid(id)) notFound();
  const a = await getAutomationOrThrow(ctx.merchant.id, id).catch(() => null);
  if (!a) notFound();
  const [promotions, filters] = await Promise.all([promotionOptions(ctx.merchant.id), filterOptions(ctx.merchant.id, ctx.merchant.timeZone)]);
  return (
    <>
      <PageHeader
        title={`Tune “${KIND_LABELS[a.kind].name}”`}
        description={a.enabled ? "It is on: changes apply from its next run." : "It is paused: nothing goes out until you turn it on."}
      />
      <AutomationForm
        merchantSlug={slug}
        promotions={promotions}
        filters={filters}
        initial={{
          automationId: a.id,
          kind: a.kind,
          promotionId: a.promotionId,
          holdoutPercent: a.holdoutPercent,
          sendHour: a.sendHour,
          quietHourFrom: a.quietHourFrom,
          quietHourTo: a.quietHourTo,
          oncePerCustomer: a.oncePerCustomer,
          reentryDays: a.reentryDays,
          settings: settingsOf(a.kind, a.settings) as Record<string, unknown>,
        }}
      />
    </>
  );
}
