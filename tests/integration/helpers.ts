import { createApiKey } from "@/features/tenancy/api-keys";
import { createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { db } from "@/lib/db";

let n = 0;

/** A merchant with an owner, a staff member and an API key, made through the same feature functions the app uses. */
export async function makeMerchant(name = "Test Merchant", timeZone = "America/New_York") {
  n += 1;
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${n}-${Math.random().toString(36).slice(2, 6)}`;
  const merchant = await createMerchant({ name, slug, timeZone });
  const owner = await createUser({ email: `owner-${slug}@example.com`, name: "Owner", password: "owner-password-1", merchantSlug: slug, role: "owner" });
  const staff = await createUser({ email: `staff-${slug}@example.com`, name: "Staff", password: "staff-password-1", merchantSlug: slug, role: "staff" });
  const apiKey = await createApiKey(merchant.id, "test", owner.id);
  return { merchant, owner, staff, apiKey: apiKey.key };
}

export { db };
