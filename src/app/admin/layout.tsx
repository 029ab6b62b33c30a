import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePlatformAdmin } from "@/features/tenancy/queries";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requirePlatformAdmin();
  return (
    <AppShell
      brand={{ name: "Regulars", subtitle: "Platform admin" }}
      nav={[
        { href: "/admin", label: "Overview", icon: "shield", exact: true },
        { href: "/admin/publishers", label: "Publishers", icon: "building" },
        { href: "/admin/merchants", label: "Merchants", icon: "store" },
        { href: "/admin/users", label: "Users", icon: "users" },
      ]}
      user={{ name: user.name, email: user.email }}
    >
      {children}
    </AppShell>
  );
}
