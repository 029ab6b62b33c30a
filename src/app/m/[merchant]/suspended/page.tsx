import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SuspendedNotice } from "@/features/visits/components/suspended-notice";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { suspendedMessage } from "@/lib/suspension";

export const metadata: Metadata = { title: "Business suspended" };

// Where every page of a suspended merchant sends its members (and its counter): the reason, plainly.
export default async function SuspendedPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const ctx = await getMerchantContextOrNotFound(slug, { counter: true, suspended: true });
  if (!ctx.merchant.suspendedAt) redirect(ctx.sessionKind === "counter" || ctx.role === "staff" ? `/m/${slug}/counter` : `/m/${slug}`);
  return <SuspendedNotice message={suspendedMessage(ctx.merchant.suspendedReason)} merchantName={ctx.merchant.name} merchantSlug={ctx.merchant.slug} />;
}
