import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FriendSignUpForm, ShareButtons } from "@/features/social/components/friend-sign-up";
import { referralUrl } from "@/features/delivery/preferences";
import { getReferralPage } from "@/features/social/referrals";

// A customer's referral link: public, in the merchant's branding. Unknown codes, a program turned
// off and a referrer who is gone are the same 404.
export const metadata: Metadata = { title: "An offer for you", robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ReferralPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const page = await getReferralPage(code);
  if (!page) notFound();
  const { merchant, offer } = page;
  const brand = /^#[0-9a-f]{6}$/i.test(merchant.brandColor) ? merchant.brandColor : "#0f766e";
  const from = page.referrerFirstName?.trim();
  return (
    <main className="min-h-dvh bg-slate-100 px-4 py-8 sm:py-12">
      <div className="mx-auto max-w-xl overflow-hidden rounded-2xl border border-border bg-surface shadow-sm">
        <div className="px-6 py-5" style={{ backgroundColor: brand }}>
          {merchant.logoUrl ? (
            // biome-ignore lint/performance/noImgElement: the merchant's own logo, on any host
            <img src={merchant.logoUrl} alt={merchant.name} className="h-10 w-auto" />
          ) : (
            <p className="text-xl font-bold text-white">{merchant.name}</p>
          )}
        </div>
        <div className="space-y-3 px-6 pt-6">
          <p className="text-sm font-medium text-muted-foreground">
            {from ? `${from} thinks you'll like ${merchant.name}` : `A friend thinks you'll like ${merchant.name}`}
          </p>
          <h1 className="text-2xl font-semibold tracking-tight">{offer.title}</h1>
          <p className="text-xl font-bold" style={{ color: brand }}>
            {offer.offer}
          </p>
          <p className="text-sm text-muted-foreground">{offer.validity} Your code comes by email and works once, on your first visit.</p>
          {offer.terms && <p className="whitespace-pre-line text-xs text-muted-foreground">{offer.terms}</p>}
        </div>
        <div className="px-6 py-6">
          <FriendSignUpForm code={page.code} merchantName={merchant.name} />
        </div>
        <details className="border-t border-border px-6 py-4 text-sm">
          <summary className="cursor-pointer font-medium">Is this your link? Share it</summary>
          <div className="pt-3">
            <ShareButtons url={referralUrl(page.code)} merchantName={merchant.name} code={page.code} />
          </div>
        </details>
      </div>
    </main>
  );
}
