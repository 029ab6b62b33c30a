import "server-only";
import { db, pool } from "@/lib/db";
import { withTenant } from "@/lib/tenant";
import { randomToken, sha256 } from "@/lib/tokens";
import { BILLING_STATE_COLUMNS, BILLING_STATE_JOINS, billingStateFromRow } from "@/features/plans/state";
import type { TBillingState } from "@/features/plans/plans";

// API keys: `rk_live_<random>`; only the sha256 is stored, the key is shown once.
export const API_KEY_PREFIX = "rk_live_";

export async function createApiKey(merchantId: string, name: string, createdById: string | null) {
  const key = `${API_KEY_PREFIX}${randomToken(24)}`;
  const row = await db.apiKey.create({
    data: { merchantId, name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hashedKey: sha256(key), createdById },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, key };
}

type TResolvedKey = {
  apiKeyId: string;
  merchant: { id: string; slug: string; name: string; timeZone: string; currency: string };
  billing: TBillingState;
  /** Set when the platform admin suspended the merchant: the key is refused (request-chain.ts). */
  suspension: { reason: string } | null;
};

// Read on every request, never cached in the process: a revocation written by any app instance
// holds for every instance at once. One probe of the unique index on hashedKey, as a prepared
// statement on the pg pool (no query-engine work), so it costs little beside the request itself.
// Before the key is known there is no merchant: api_key_by_hash() is the named cross-merchant path
// for this one lookup (it runs in the platform scope for its own duration only; migration
// row_level_security), so the connection keeps its tenant scope.
const RESOLVE_KEY = {
  name: "resolve-api-key",
  text: `SELECT id, "merchantId", slug, name, "timeZone", currency, touch FROM api_key_by_hash($1)`,
};
// Use is recorded at most once a minute, so a hot key does not turn every request into a write;
// the condition repeated here keeps instances that race at the minute from all writing.
const TOUCH_AND_BILLING = {
  name: "touch-api-key-and-billing",
  text: `WITH touched AS (
           UPDATE api_keys SET "lastUsedAt" = now()
            WHERE $3::boolean AND "merchantId" = $1 AND id = $2 AND ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - interval '1 minute'))
         SELECT ${BILLING_STATE_COLUMNS}, m."suspendedAt", m."suspendedReason" FROM merchants m ${BILLING_STATE_JOINS} WHERE m.id = $1`,
};

type TKeyRow = { id: string; merchantId: string; slug: string; name: string; timeZone: string; currency: string; touch: boolean };
type TBillingRow = NonNullable<Parameters<typeof billingStateFromRow>[0]> & { suspendedAt: Date | null; suspendedReason: string | null };

/** The merchant an API key belongs to, or null for a missing, unknown or revoked key. */
export async function resolveApiKey(key: string): Promise<TResolvedKey | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const { rows } = await pool().query<TKeyRow>({ ...RESOLVE_KEY, values: [sha256(key)] });
  const row = rows[0];
  if (!row) return null;
  // In the key's tenant scope: its use (at most once a minute) and the merchant's plan as it is now
  // (the API's daily allowance is checked per request against it), in one round trip.
  const { rows: billing } = await withTenant(row.merchantId, () =>
    pool().query<TBillingRow>({ ...TOUCH_AND_BILLING, values: [row.merchantId, row.id, row.touch] }),
  );
  const suspendedAt = billing[0]?.suspendedAt ?? null;
  return {
    apiKeyId: row.id,
    merchant: { id: row.merchantId, slug: row.slug, name: row.name, timeZone: row.timeZone, currency: row.currency },
    billing: billingStateFromRow(billing[0]),
    suspension: suspendedAt ? { reason: billing[0]?.suspendedReason ?? "" } : null,
  };
}

export async function listApiKeys(merchantId: string) {
  return db.apiKey.findMany({
    where: { merchantId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
}
