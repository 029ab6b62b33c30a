import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { FeedbackAnswer } from "@/features/social/components/feedback-answer";
import { getFeedbackPage } from "@/features/social/feedback";

// "How was it?": the customer's answer page, from the link in the email (signed, no sign-in).
export const metadata: Metadata = { title: "How was it?", robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function FeedbackPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ r?: string }> }) {
  const { token: raw } = await params;
  const { r } = await searchParams;
  // A signed token is base64url with one dot: anything else (a stray %, a path trick) is a 404.
  const token = safeDecode(raw);
  if (!token || !/^[\w-]+\.[\w-]+$/.test(token)) notFound();
  const page = await getFeedbackPage(token);
  if (!page) notFound();
  const tapped = r === "1" || r === "2" || r === "3" ? (Number(r) as 1 | 2 | 3) : null;
  const brand = /^#[0-9a-f]{6}$/i.test(page.merchant.brandColor) ? page.merchant.brandColor : "#0f766e";
  return (
    <main className="min-h-dvh bg-slate-100 px-4 py-8 sm:py-12">
      <div className="mx-auto max-w-xl overflow-hidden rounded-2xl border border-border bg-surface shadow-sm">
        <div className="px-6 py-5" style={{ backgroundColor: brand }}>
          {page.merchant.logoUrl ? (
            // biome-ignore lint/performance/noImgElement: the merchant's own logo, on any host
            <img src={page.merchant.logoUrl} alt={page.merchant.name} className="h-10 w-auto" />
          ) : (
            <p className="text-xl font-bold text-white">{page.merchant.name}</p>
          )}
        </div>
        <div className="space-y-4 px-6 py-6">
          <h1 className="text-2xl font-semibold tracking-tight">How was it{page.firstName ? `, ${page.firstName}` : ""}?</h1>
          <FeedbackAnswer
            token={token}
            tapped={page.rating ? null : tapped}
            recorded={page.rating}
            merchantName={page.merchant.name}
            hasComment={page.comment !== null}
          />
        </div>
      </div>
    </main>
  );
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}
