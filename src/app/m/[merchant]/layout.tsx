import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { MerchantSwitcher } from "@/components/shell/merchant-switcher";
import { getMerchantContextOrNotFound, listMerchantsForUser } from "@/features/tenancy/queries";
import { ViewAsBanner } from "@/features/tenancy/components/view-as-banner";
import { merchantNav } from "@/features/tenancy/navigation";
import { isDevelopmentMailbox } from "@/lib/email";
import { hasRole } from "@/lib/permissions";
import { BillingBanner } from "@/features/billing/components/billing-banner";
import { getBillingState, usageOf } from "@/features/plans/state";

// Resolves the membership once for every merchant page; a non-member gets a 404 from here.
export default async function MerchantLayout({ children, params }: { children: ReactNode; params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { user, merchant, role, viewAs } = await getMerchantContextOrNotFound(slug, { counter: true, suspended: true });
  // A publisher admin's read-only view says so on every page, with the way out.
  const banner = viewAs && (
    <ViewAsBanner merchantName={merchant.name} merchantSlug={merchant.slug} publisherName={viewAs.publisherName} expiresAt={viewAs.expiresAt.toISOString()} />
  );
  // Suspended: every page redirects to /suspended, which stands alone (no shell, no navigation).
  if (merchant.suspendedAt)
    return (
      <>
        {banner}
        {children}
      </>
    );
  // A PIN session on a shared tablet, and staff signed in with a password, are shown the counter
  // without the back-office shell: the counter is all they use (its header has sign-out).
  if (user.counterMerchantId || role === "staff") return <>{children}</>;
  const options = await listMerchantsForUser(user.id);
  // Read per request: a payment that failed a second ago shows on the next page.
  const billing = hasRole(role, "manager") ? await getBillingState(merchant.id) : null;
  const customers = billing && billing.plan.limits.customers !== null ? await usageOf(merchant.id, "customers", billing) : null;
  return (
    <AppShell
      brand={{ name: merchant.name, subtitle: viewAs ? "Read-only view" : `Signed in as ${role}` }}
      nav={merchantNav(merchant.slug, role, { mailbox: isDevelopmentMailbox() })}
      user={{ name: user.name, email: user.email }}
      switcher={options.length > 1 ? <MerchantSwitcher current={merchant.slug} options={options} /> : undefined}
    >
      {banner}
      {billing && <BillingBanner slug={merchant.slug} state={billing} customers={customers} canManage={role === "owner"} />}
      {children}
    </AppShell>
  );
}
