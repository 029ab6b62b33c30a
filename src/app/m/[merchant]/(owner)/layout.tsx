import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { hasRole } from "@/lib/permissions";

// Owners' pages (the team, the audit log, billing). Checked here, outside the back office's loading
// boundary, so anyone else gets a real 404 status rather than a streamed not-found page; each page
// checks its own permission again.
export default async function OwnerLayout({ children, params }: { children: ReactNode; params: Promise<{ merchant: string }> }) {
  const { merchant } = await params;
  const { role } = await getMerchantContextOrNotFound(merchant);
  if (!hasRole(role, "owner")) notFound();
  return children;
}
