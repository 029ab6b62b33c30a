import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PreferenceForm } from "@/features/delivery/components/preference-form";
import { getPreferencePage, SUGGESTED_INTERESTS } from "@/features/delivery/preferences";

// The token is in the URL: never index it, never send it on to the merchant's logo host.
export const metadata: Metadata = { title: "Your email preferences", robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

// The customer's own page, from the link in every promotion: no sign-in, the signed token is the key.
export default async function PreferencePage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ unsubscribe?: string }>;
}) {
  const { token } = await params;
  const { unsubscribe } = await searchParams;
  const page = await getPreferencePage(token);
  if (!page) notFound();
  const { merchant, customer } = page;
  const subscribed = customer.emailConsent && !customer.unsubscribedAt;
  const interests = [...new Set([...SUGGESTED_INTERESTS, ...customer.interests])];
  return (
    <main className="min-h-dvh bg-slate-100 px-4 py-8 sm:py-12">
      <div className="mx-auto max-w-xl overflow-hidden rounded-2xl border border-border bg-surface shadow-sm">
        <div className="px-6 py-5" style={{ backgroundColor: /^#[0-9a-f]{6}$/i.test(merchant.brandColor) ? merchant.brandColor : "#0f766e" }}>
          {merchant.logoUrl ? (
            // biome-ignore lint/performance/noImgElement: the merchant's own logo, on any host
            <img src={merchant.logoUrl} alt={merchant.name} className="h-10 w-auto" />
          ) : (
            <p className="text-xl font-bold text-white">{merchant.name}</p>
          )}
        </div>
        <div className="space-y-2 px-6 pt-6">
          <h1 className="text-2xl font-semibold tracking-tight">Your preferences{customer.firstName ? `, ${customer.firstName}` : ""}</h1>
          <p className="text-sm text-muted-foreground">
            Choose what {merchant.name} may send you{customer.email ? ` at ${customer.email}` : ""}. No account needed: this page is yours through the link in
            your email.
          </p>
        </div>
        <PreferenceForm
          token={token}
          merchantName={merchant.name}
          confirmUnsubscribe={unsubscribe === "1"}
          suppressed={Boolean(customer.suppressedAt)}
          suggestedInterests={interests}
          initial={{
            subscribed,
            channelPreference: customer.channelPreference,
            interests: customer.interests,
            birthday: customer.birthday ? customer.birthday.toISOString().slice(0, 10) : "",
            anniversary: customer.anniversary ? customer.anniversary.toISOString().slice(0, 10) : "",
          }}
        />
      </div>
    </main>
  );
}
