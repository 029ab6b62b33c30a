import type { Metadata } from "next";
import { CounterApp } from "@/features/visits/components/counter-app";
import { listCustomersForOffline, listRecentCaptures } from "@/features/visits/counter";
import { listTags } from "@/features/customers/tags";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { allows } from "@/lib/permissions";

export const metadata: Metadata = { title: "Counter", manifest: "/manifest.webmanifest" };

export default async function CounterPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const ctx = await getMerchantContextOrNotFound(slug, { counter: true });
  const { merchant, user } = ctx;
  const [tags, recent, offlineCustomers] = await Promise.all([
    listTags(merchant.id),
    listRecentCaptures(merchant.id, 12, merchant.timeZone),
    listCustomersForOffline(merchant.id),
  ]);
  return (
    <CounterApp
      merchantSlug={merchant.slug}
      merchantName={merchant.name}
      currency={merchant.currency}
      tags={tags.map((t) => t.name)}
      recent={recent}
      userId={user.id}
      canCorrectAny={allows(ctx, "visits.editAny")}
      defaultPartySize={merchant.category === "restaurant" ? 2 : 1}
      offlineCustomers={offlineCustomers}
      session={{ kind: ctx.sessionKind === "counter" ? "counter" : "password", name: user.name || user.email }}
    />
  );
}
