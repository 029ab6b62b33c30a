import pg from "pg";

// Direct reads of the e2e database, to set up codes and to prove what was recorded.
const url = process.env.E2E_DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${process.env.PG_TEST_PORT ?? 54330}/regulars_e2e`;

export async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * An unredeemed, unexpired deal voucher of the merchant, claimed for one test by its index (by code). Not a campaign's personal code: those
 * keep their promotion's days and hours (an Off Peak code is refused before 2 pm), and other specs
 * of the same run send campaigns whose new codes would otherwise sort in front.
 */
export async function activeVoucherCode(merchantSlug: string, index: number): Promise<string> {
  const rows = await query<{ code: string }>(
    `SELECT v.code FROM vouchers v JOIN merchants m ON m.id = v."merchantId"
      WHERE m.slug = $1 AND v.status = 'active' AND v."expiresAt" > now() AND v."campaignId" IS NULL ORDER BY v.code OFFSET $2 LIMIT 1`,
    [merchantSlug, index],
  );
  return rows[0]!.code;
}
