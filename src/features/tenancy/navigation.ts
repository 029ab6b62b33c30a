import type { TIconName } from "@/components/shell/icons";
import { hasRole, type TRole } from "@/lib/permissions";

type TNavItem = { href: string; label: string; icon: TIconName; exact?: boolean };

/** The merchant app's navigation; staff see the counter only (the merchant layout shows them no shell at all). */
export function merchantNav(slug: string, role: TRole, opts: { mailbox: boolean }): TNavItem[] {
  const base = `/m/${slug}`;
  const counter: TNavItem = { href: `${base}/counter`, label: "Counter", icon: "tablet" };
  if (!hasRole(role, "manager")) return [counter];
  return [
    { href: base, label: "Home", icon: "home", exact: true },
    counter,
    { href: `${base}/customers`, label: "Customers", icon: "users" },
    { href: `${base}/groups`, label: "Groups", icon: "layers" },
    { href: `${base}/import`, label: "Import", icon: "upload" },
    { href: `${base}/promotions`, label: "Promotions", icon: "megaphone" },
    { href: `${base}/campaigns`, label: "Campaigns", icon: "send" },
    { href: `${base}/automations`, label: "Automations", icon: "repeat" },
    { href: `${base}/feedback`, label: "Feedback", icon: "star" },
    ...(opts.mailbox ? [{ href: `${base}/mailbox`, label: "Mailbox", icon: "mail" as const }] : []),
    ...(hasRole(role, "owner")
      ? [
          { href: `${base}/team`, label: "Team", icon: "users" as const },
          { href: `${base}/audit`, label: "Audit log", icon: "shield" as const },
        ]
      : []),
    { href: `${base}/settings`, label: "Settings", icon: "settings", exact: true },
    ...(hasRole(role, "owner") ? [{ href: `${base}/settings/billing`, label: "Billing", icon: "credit-card" as const }] : []),
  ];
}
