import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePublisherPage } from "@/features/tenancy/queries";

export default async function PublisherLayout({ children, params }: { children: ReactNode; params: Promise<{ publisher: string }> }) {
  const { publisher: slug } = await params;
  const { user, publisher, role } = await requirePublisherPage(slug);
  return (
    <AppShell
      brand={{ name: publisher.name, subtitle: "Publisher console" }}
      nav={[
        { href: `/p/${slug}`, label: "Merchants", icon: "store", exact: true },
        { href: `/p/${slug}/deals`, label: "Deal report", icon: "bar-chart" },
        ...(role === "admin" ? [{ href: `/p/${slug}/merchants/new`, label: "Onboard a merchant", icon: "building" as const }] : []),
      ]}
      user={{ name: user.name, email: user.email }}
    >
      {children}
    </AppShell>
  );
}
