import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { getPublisherContextOrNotFound } from "@/features/tenancy/queries";

export default async function PublisherLayout({ children, params }: { children: ReactNode; params: Promise<{ publisher: string }> }) {
  const { publisher: slug } = await params;
  const { user, publisher } = await getPublisherContextOrNotFound(slug);
  return (
    <AppShell
      brand={{ name: publisher.name, subtitle: "Publisher console" }}
      nav={[{ href: `/p/${slug}`, label: "Merchants", icon: "store", exact: true }]}
      user={{ name: user.name, email: user.email }}
    >
      {children}
    </AppShell>
  );
}
