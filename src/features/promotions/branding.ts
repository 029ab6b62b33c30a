// Merchant branding rules shared by the settings page, the promotion preview and campaign sends.
import type { TMerchantAddress } from "@/lib/address";

/**
 * Why this merchant cannot send promotional email yet, or null when it can: every promotion's
 * footer carries the merchant's postal address (CAN-SPAM), so a campaign refuses to send without one.
 */
export function merchantAddressProblem(merchant: TMerchantAddress): string | null {
  const missing = [
    !merchant.addressLine1.trim() && "street address",
    !merchant.city.trim() && "city",
    !merchant.postalCode.trim() && "postal code",
    !/^[A-Z]{2}$/i.test(merchant.country.trim()) && "country",
  ].filter(Boolean) as string[];
  if (missing.length === 0) return null;
  return `Add your postal address (${missing.join(", ")}) in Settings → Branding before sending: every promotion's footer must show it.`;
}
