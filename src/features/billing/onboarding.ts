import "server-only";
import { createMerchant } from "@/features/tenancy/admin-commands";
import type { TCreateMerchant } from "@/features/tenancy/schemas";
import { syncPublisherQuantity } from "./publisher";

/**
 * Onboards a merchant: the operator command (features/tenancy), then, when its publisher pays for
 * its merchants, the publisher's subscription quantity follows (prorated by Stripe). Billing calls
 * tenancy here, not the other way round (dependencies run one way between feature folders).
 */
export async function onboardMerchant(input: TCreateMerchant) {
  const merchant = await createMerchant(input);
  if (merchant.publisherId) await syncPublisherQuantity(merchant.publisherId);
  return merchant;
}
