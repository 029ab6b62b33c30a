/** How a customer is named on screen: their name, else their email or phone, else a placeholder. */
export function customerDisplayName(c: {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  erasedAt?: Date | string | null;
}): string {
  if (c.erasedAt) return "Erased customer";
  return [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || c.phone || "Unnamed customer";
}
