import { Prisma } from "@/generated/prisma/client";
import { db } from "./helpers";

// Shared set-up for the campaign tests: customers in bulk (one statement), a static or dynamic
// group, and an "Off Peak"-style promotion, all scoped to one merchant.

export type TCustomerSpec = {
  n: number;
  prefix: string;
  email?: boolean;
  consent?: boolean;
  unsubscribed?: boolean;
  suppressed?: boolean;
  channel?: "email" | "sms" | "none";
};

export async function addCustomers(merchantId: string, spec: TCustomerSpec): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    INSERT INTO customers ("merchantId", email, "emailNormalized", "firstName", "lastName", "emailConsent", "unsubscribedAt", "suppressedAt", "suppressionReason", "channelPreference", "updatedAt")
    SELECT ${merchantId}::uuid,
           CASE WHEN ${spec.email ?? true} THEN ${spec.prefix} || i || '@example.com' END,
           CASE WHEN ${spec.email ?? true} THEN ${spec.prefix} || i || '@example.com' END,
           initcap(${spec.prefix}), 'Number' || lpad(i::text, 6, '0'),
           ${spec.consent ?? true}, CASE WHEN ${spec.unsubscribed ?? false} THEN now() END,
           CASE WHEN ${spec.suppressed ?? false} THEN now() END, CASE WHEN ${spec.suppressed ?? false} THEN 'bounced'::"SuppressionReason" END,
           ${spec.channel ?? "email"}::"ChannelPreference", now()
      FROM generate_series(1, ${spec.n}) AS i
    RETURNING id`);
  return rows.map((r) => r.id);
}

export async function staticGroup(merchantId: string, name: string, customerIds: string[]) {
  const group = await db.group.create({ data: { merchantId, name, kind: "static" }, select: { id: true } });
  await db.$executeRaw`INSERT INTO group_members ("merchantId", "groupId", "customerId") SELECT ${merchantId}::uuid, ${group.id}::uuid, unnest(${customerIds}::uuid[])`;
  return group;
}

export async function everyoneGroup(merchantId: string, name = "Everyone") {
  return db.group.create({ data: { merchantId, name, kind: "dynamic", filter: { field: "visitCount", op: "gte", value: 0 } }, select: { id: true } });
}

export async function offPeakPromotion(
  merchantId: string,
  overrides: Partial<{ validDaysOfWeek: number[]; validHourFrom: number | null; validHourTo: number | null; expiresInDays: number | null }> = {},
) {
  await giveAddress(merchantId);
  return db.promotion.create({
    data: {
      merchantId,
      name: "Off Peak",
      title: "Off Peak treat",
      offer: "20% off Sunday–Wednesday, 2–5 pm",
      terms: "One use per guest.",
      validDaysOfWeek: [0, 1, 2, 3],
      validHourFrom: 14,
      validHourTo: 17,
      expiresInDays: 30,
      subject: "A quiet-hours treat for you, {{firstName}}",
      preheader: "Your personal code inside",
      body: "Hi {{firstName}}, come by on a quiet afternoon.",
      ...overrides,
    },
    select: { id: true },
  });
}

/** Every promotion's footer shows the merchant's postal address; campaigns refuse to send without one. */
export async function giveAddress(merchantId: string) {
  await db.merchant.update({
    where: { id: merchantId },
    data: { addressLine1: "12 Harbor Rd", city: "Portland", region: "ME", postalCode: "04101", country: "US" },
  });
}
