// Merchant branding rules shared by the settings page, the promotion preview and campaign sends.

export type TMerchantAddress = {
  addressLine1: string;
  addressLine2?: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: string;
};

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

/** One line: "12 Harbor Rd, Suite 2, Portland ME 04101, US". */
export function formatMerchantAddress(merchant: TMerchantAddress): string {
  return [merchant.addressLine1, merchant.addressLine2, [merchant.city, merchant.region, merchant.postalCode].filter((s) => s && s.trim()).join(" "), merchant.country]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(", ");
}
