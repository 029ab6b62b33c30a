import type { ReactNode } from "react";
import { requireMerchantPage } from "@/features/tenancy/queries";

// The Best Customer List and the Customer 360 are for managers: staff find customers at the counter.
export default async function CustomersLayout({ children, params }: { children: ReactNode; params: Promise<{ merchant: string }> }) {
  const { merchant } = await params;
  await requireMerchantPage(merchant, "customers.view");
  return <>{children}</>;
}
