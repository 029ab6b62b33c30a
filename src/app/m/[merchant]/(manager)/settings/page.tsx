import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PairDeviceForm, RevokeDeviceButton, StaffPinForm } from "@/features/accounts/components/pair-device-form";
import { listCounterDevices, listRecentPinTrouble, listTeam } from "@/features/accounts/queries";
import { listApiKeys } from "@/features/tenancy/api-keys";
import { merchantAddressProblem } from "@/features/promotions/branding";
import { BrandingForm } from "@/features/promotions/components/branding-form";
import { getMerchantBranding } from "@/features/promotions/queries";
import { Alert } from "@/components/ui/alert";
import { NewApiKeyForm, RevokeApiKeyButton } from "@/features/tenancy/components/api-keys-card";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { hasRole } from "@/lib/permissions";
import { formatLocalDateTime, timeAgo } from "@/lib/time";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { merchant, role } = await requireMerchantPage(slug, "settings.manage");
  const [team, devices, pinTrouble, apiKeys, branding] = await Promise.all([
    listTeam(merchant.id),
    listCounterDevices(merchant.id),
    listRecentPinTrouble(merchant.id),
    listApiKeys(merchant.id),
    getMerchantBranding(merchant.id),
  ]);
  const now = new Date();
  const addressProblem = merchantAddressProblem(branding);
  return (
    <>
      <PageHeader title="Settings" description={`${merchant.name} · ${merchant.timeZone} · ${merchant.currency}`} />
      <div className="space-y-6">
        <Card id="tags">
          <CardHeader>
            <CardTitle>Tags</CardTitle>
            <CardDescription>
              Rename, merge or retire the tags staff tap at the counter.{" "}
              <Link href={`/m/${slug}/settings/tags`} className="font-medium text-teal-800 underline">
                Manage tags
              </Link>
            </CardDescription>
          </CardHeader>
        </Card>
        <Card id="referrals">
          <CardHeader>
            <CardTitle>Referrals and feedback</CardTitle>
            <CardDescription>
              The offer friends get through your customers' referral links, their reward, and the “How was it?” email.{" "}
              <Link href={`/m/${slug}/settings/referrals`} className="font-medium text-teal-800 underline">
                Referral and feedback settings
              </Link>
            </CardDescription>
          </CardHeader>
        </Card>
        <Card id="branding">
          <CardHeader>
            <CardTitle>Branding and promotions</CardTitle>
            <CardDescription>How your Social Select emails look, the address in their footer, and how often one customer may get a promotion.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {addressProblem && (
              <Alert variant="warning" title="Promotions cannot be sent yet">
                {addressProblem}
              </Alert>
            )}
            <BrandingForm
              merchantSlug={slug}
              initial={{
                logoUrl: branding.logoUrl,
                brandColor: branding.brandColor,
                addressLine1: branding.addressLine1,
                addressLine2: branding.addressLine2,
                city: branding.city,
                region: branding.region,
                postalCode: branding.postalCode,
                country: branding.country,
                promotionFrequencyCapDays: branding.promotionFrequencyCapDays,
              }}
            />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Team</CardTitle>
            <CardDescription>Everyone who can sign in to {merchant.name}. Staff use their PIN on a paired counter tablet.</CardDescription>
          </CardHeader>
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead>Last sign-in</TableHead>
                  <TableHead>Counter PIN</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {team.map((m) => (
                  <TableRow key={m.userId}>
                    <TableCell>
                      <div className="font-medium">{m.name || m.email}</div>
                      <div className="text-xs text-slate-600">{m.email}</div>
                    </TableCell>
                    <TableCell>
                      <Badge>{m.role}</Badge>
                    </TableCell>
                    <TableCell>{m.lastSignInAt ? timeAgo(m.lastSignInAt) : "Never"}</TableCell>
                    <TableCell>
                      <div className="flex items-center gap-3">
                        <span className="text-sm text-slate-600">{m.hasPin ? "Set" : "Not set"}</span>
                        {/* Only someone of equal or higher rank sets a member's PIN (setStaffPinAction checks it too). */}
                        {hasRole(role, m.role) && <StaffPinForm merchantSlug={slug} userId={m.userId} name={m.name || m.email} />}
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Counter tablets</CardTitle>
            <CardDescription>Pair the shared tablet at the till once; staff then sign in on it with a short PIN instead of a password.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <PairDeviceForm merchantSlug={slug} />
            {devices.length > 0 && (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Tablet</TableHead>
                    <TableHead>Paired</TableHead>
                    <TableHead>Last used</TableHead>
                    <TableHead>
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {devices.map((d) => (
                    <TableRow key={d.id}>
                      <TableCell className="font-medium">{d.name}</TableCell>
                      <TableCell>{timeAgo(d.createdAt)}</TableCell>
                      <TableCell>{d.revokedAt ? "Unpaired" : d.lastSeenAt ? timeAgo(d.lastSeenAt) : "Not yet"}</TableCell>
                      <TableCell className="text-right">{!d.revokedAt && <RevokeDeviceButton merchantSlug={slug} deviceId={d.id} />}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <section aria-labelledby="pin-trouble-heading" className="space-y-2">
              <h3 id="pin-trouble-heading" className="text-sm font-semibold">
                Wrong PINs and lockouts, last 7 days
              </h3>
              {pinTrouble.length === 0 ? (
                <p className="text-sm text-slate-600">
                  None. After 5 wrong PINs in a row a person is locked out for a minute, and longer with each further miss; a tablet after 10.
                </p>
              ) : (
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHead>When</TableHead>
                      <TableHead>Who</TableHead>
                      <TableHead>Tablet</TableHead>
                      <TableHead>What happened</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {pinTrouble.map((t) => (
                      <TableRow key={t.id}>
                        <TableCell>{timeAgo(t.at)}</TableCell>
                        <TableCell>{t.memberName ?? "Someone not on the team"}</TableCell>
                        <TableCell>{t.deviceName}</TableCell>
                        <TableCell>
                          {t.kind === "locked" ? (
                            <Badge variant="danger">
                              Locked until {t.lockedUntil ? formatLocalDateTime(t.lockedUntil, merchant.timeZone) : "later"}
                              {t.lockedUntil && t.lockedUntil < now ? " (ended)" : ""}
                            </Badge>
                          ) : (
                            "Wrong PIN"
                          )}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </section>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>API keys</CardTitle>
            <CardDescription>
              For your POS, booking system or scripts (REST API v1, described at{" "}
              <a className="underline" href="/api/v1/openapi.json">
                /api/v1/openapi.json
              </a>
              ). Keys are stored hashed and shown once.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <NewApiKeyForm merchantSlug={slug} />
            {apiKeys.length > 0 && (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Name</TableHead>
                    <TableHead>Key</TableHead>
                    <TableHead>Created</TableHead>
                    <TableHead>Last used</TableHead>
                    <TableHead>
                      <span className="sr-only">Actions</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {apiKeys.map((k) => (
                    <TableRow key={k.id}>
                      <TableCell className="font-medium">{k.name}</TableCell>
                      <TableCell>
                        <code className="font-mono text-xs">{k.prefix}…</code>
                      </TableCell>
                      <TableCell>{timeAgo(k.createdAt)}</TableCell>
                      <TableCell>{k.revokedAt ? <Badge variant="danger">Revoked</Badge> : k.lastUsedAt ? timeAgo(k.lastUsedAt) : "Never"}</TableCell>
                      <TableCell className="text-right">{!k.revokedAt && <RevokeApiKeyButton merchantSlug={slug} apiKeyId={k.id} name={k.name} />}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Webhooks</CardTitle>
            <CardDescription>
              Send visits, customers, redemptions and finished campaigns to your other systems as they happen, signed so they can trust them.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Link className="font-medium text-brand-800 underline underline-offset-4" href={`/m/${slug}/settings/webhooks`}>
              Manage webhooks
            </Link>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
