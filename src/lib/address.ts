// A merchant's postal address: the footer of every promotional email (emails/promotion.tsx) and
// what promotions/branding.ts checks before a campaign may send.

export type TMerchantAddress = {
  addressLine1: string;
  addressLine2?: string | null;
  city: string;
  region: string;
  postalCode: string;
  country: string;
};

/** One line: "12 Harbor Rd, Suite 2, Portland ME 04101, US". */
export function formatMerchantAddress(merchant: TMerchantAddress): string {
  return [
    merchant.addressLine1,
    merchant.addressLine2,
    [merchant.city, merchant.region, merchant.postalCode].filter((s) => s?.trim()).join(" "),
    merchant.country,
  ]
    .map((s) => s?.trim())
    .filter(Boolean)
    .join(", ");
}
