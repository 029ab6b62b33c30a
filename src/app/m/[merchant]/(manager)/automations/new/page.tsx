import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { AutomationForm } from "@/features/automations/components/automation-form";
import { filterOptions, promotionOptions } from "@/features/automations/queries";
import { AUTOMATION_KINDS, KIND_LABELS, SETTINGS_SCHEMAS, type TAutomationKind } from "@/features/automations/schemas";
import { requireMerchantPage } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "New automation" };

// GET /m/[merchant]/automations/new?kind=second_visit — set up an automation (saved paused).
export default async function NewAutomationPage({ params, searchParams }: { params: Promise<{ merchant: string }>; searchParams: Promise<{ kind?: string }> }) {
  const { merchant: slug } = await params;
  const ctx = await requireMerchantPage(slug, "campaigns.send");
  const kind = (await searchParams).kind;
  if (!AUTOMATION_KINDS.includes(kind as TAutomationKind)) notFound();
  const k = kind as TAutomationKind;
  const [promotions, filters] = await Promise.all([promotionOptions(ctx.merchant.id), filterOptions(ctx.merchant.id, ctx.merchant.timeZone)]);
  if (promotions.length === 0) redirect(`/m/${slug}/automations`);
  return (
    <>
      <PageHeader title={`Set up “${KIND_LABELS[k].name}”`} description={KIND_LABELS[k].what} />
      <AutomationForm
        merchantSlug={slug}
        promotions={promotions}
        filters={filters}
        initial={{
          kind: k,
          promotionId: promotions[0]!.id,
          holdoutPercent: 10,
          sendHour: 10,
          quietHourFrom: 21,
          quietHourTo: 9,
          oncePerCustomer: true,
          reentryDays: 90,
          settings: SETTINGS_SCHEMAS[k].parse({}),
        }}
      />
    </>
  );
}
