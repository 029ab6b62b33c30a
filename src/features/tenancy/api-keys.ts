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

type TResolvedKey = { apiKeyId: string; merchant: { id: string; slug: string; name: string; timeZone: string; currency: string } };

// A short cache keeps the hot path (a POS posting visits) to one lookup per key every few
// seconds; revoking a key therefore takes effect within KEY_CACHE_MS on each app instance.
const KEY_CACHE_MS = 5_000;
// On globalThis: Next bundles route handlers and server actions separately, and a revocation made
// by an action must clear the cache the API routes read.
const keyCache: Map<string, { value: TResolvedKey | null; until: number }> = ((globalThis as { regularsApiKeyCache?: Map<string, { value: TResolvedKey | null; until: number }> }).regularsApiKeyCache ??= new Map());

/** The merchant an API key belongs to, or null for a missing, unknown or revoked key. */
export async function resolveApiKey(key: string): Promise<TResolvedKey | null> {
  if (!key.startsWith(API_KEY_PREFIX)) return null;
  const hash = sha256(key);
  const cached = keyCache.get(hash);
  if (cached && cached.until > Date.now()) return cached.value;
  const value = await lookupApiKey(hash);
  if (keyCache.size > 10_000) keyCache.clear();
  keyCache.set(hash, { value, until: Date.now() + KEY_CACHE_MS });
  return value;
}

/** Forget cached keys (on revocation in this process, and in tests). */
export const forgetCachedApiKeys = () => keyCache.clear();

async function lookupApiKey(hash: string): Promise<TResolvedKey | null> {
  const row = await db.apiKey.findUnique({
    where: { hashedKey: hash },
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
