import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { allows } from "@/lib/permissions";

// Owner-only pages (billing). Checked here, with no loading boundary above, so anyone else gets a
// real 404 status (a PIN session a 403) rather than a streamed not-found page; each page checks again.
export default async function OwnerLayout({ children, params }: { children: ReactNode; params: Promise<{ merchant: string }> }) {
  const { merchant } = await params;
  const ctx = await getMerchantContextOrNotFound(merchant);
  if (!allows(ctx, "billing.manage")) notFound();
  return children;
}
