import "server-only";
import { db } from "@/lib/db";
import { randomToken, sha256 } from "@/lib/tokens";

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

/** The merchant an API key belongs to, or null for a missing, unknown or revoked key. */
export async function resolveApiKey(key: string) {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const row = await db.apiKey.findUnique({
    where: { hashedKey: sha256(key) },
    select: { id: true, merchantId: true, revokedAt: true, lastUsedAt: true, merchant: { select: { id: true, slug: true, name: true, timeZone: true, currency: true } } },
  });
  if (!row || row.revokedAt) return null;
  // Record use at most once a minute: a hot key must not turn every request into a write.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { merchantId_id: { merchantId: row.merchantId, id: row.id } }, data: { lastUsedAt: new Date() } });
  }
  return { apiKeyId: row.id, merchant: row.merchant };
}

export async function listApiKeys(merchantId: string) {
  return db.apiKey.findMany({
    where: { merchantId },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
}
