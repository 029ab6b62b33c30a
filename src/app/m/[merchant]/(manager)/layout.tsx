import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { hasRole } from "@/lib/permissions";

// Back-office pages: managers and owners only. Checked here, above the loading boundary, so a
// staff member gets a real 404 status rather than a streamed not-found page.
export default async function ManagerLayout({ children, params }: { children: ReactNode; params: Promise<{ merchant: string }> }) {
  const { merchant } = await params;
  const { role } = await getMerchantContextOrNotFound(merchant);
  if (!hasRole(role, "manager")) notFound();
  return children;
}
