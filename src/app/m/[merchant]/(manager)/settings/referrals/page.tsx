import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listPromotions } from "@/features/promotions/queries";
import { FeedbackSettingsForm, ReferralSettingsForm } from "@/features/social/components/referral-settings-form";
import { getReferralProgram } from "@/features/social/referrals";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Referrals and feedback" };

export default async function ReferralSettingsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { merchant } = await requireMerchantPage(slug, "settings.manage");
  const [program, promotions, settings] = await Promise.all([
    getReferralProgram(merchant.id),
    listPromotions(merchant.id),
    db.merchant.findUniqueOrThrow({ where: { id: merchant.id }, select: { feedbackEnabled: true, feedbackDelayHours: true } }),
  ]);
  return (
    <>
      <PageHeader
        title="Referrals and feedback"
        description="Let your regulars bring their friends, and hear how a visit went."
        actions={
          <Link href={`/m/${slug}/settings`} className="text-sm text-teal-800 underline">
            Back to settings
          </Link>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Referrals</CardTitle>
            <CardDescription>
              Every customer who agreed to hear from you gets a personal link (on their customer page). A friend who opens it leaves their email and gets a
              personal code; when the friend redeems it at the counter, the customer who referred them is credited
              {program?.rewardPromotionId ? " and gets their reward" : ""}.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {promotions.length === 0 ? (
              <p className="text-sm">
                First{" "}
                <Link className="text-teal-800 underline" href={`/m/${slug}/promotions/new`}>
                  create a promotion
                </Link>{" "}
                for the friends' offer.
              </p>
            ) : (
              <ReferralSettingsForm
                merchantSlug={slug}
                promotions={promotions.map((p) => ({ id: p.id, name: p.name }))}
                initial={{
                  enabled: program?.enabled ?? false,
                  offerPromotionId: program?.offerPromotionId ?? null,
                  rewardPromotionId: program?.rewardPromotionId ?? null,
                }}
              />
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>“How was it?”</CardTitle>
            <CardDescription>
              A one-tap 1–3 star question by email after a visit. A 1-star answer reaches you at once (the{" "}
              <Link className="text-teal-800 underline" href={`/m/${slug}/feedback`}>
                Feedback
              </Link>{" "}
              page and an email to managers); a 3-star one is thanked and invited to refer a friend.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <FeedbackSettingsForm merchantSlug={slug} initial={settings} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
