import "server-only";
import { createHash } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "./db";
import { AppError } from "./errors";

export type TStoredResponse = { status: number; body: unknown; replayed: boolean };

export const hashBody = (body: unknown) =>
  createHash("sha256")
    .update(JSON.stringify(body ?? null))
    .digest("hex");

/**
 * Runs a write at most once per (merchant, Idempotency-Key). The key row is inserted first in the
 * same transaction as the write, so a concurrent retry waits on its unique index and then replays
 * the committed answer; a failed write rolls the key back with it, so a retry runs again. The same
 * key with another body (or endpoint) is a 422.
 */
export async function runIdempotent(
  merchantId: string,
  key: string | null,
  scope: string,
  body: unknown,
  write: (tx: Tx) => Promise<{ status: number; body: unknown }>,
): Promise<TStoredResponse> {
  if (!key) {
    const result = await db.$transaction((tx) => write(tx), { timeout: 15_000 });
    return { ...result, replayed: false };
  }
  if (key.length > 200) throw new AppError("BAD_REQUEST", "Idempotency-Key is at most 200 characters.");
  const requestHash = hashBody(body);
  return db.$transaction(
    async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO idempotency_keys ("merchantId", key, scope, "requestHash", "responseStatus", "responseBody")
        VALUES (${merchantId}::uuid, ${key}, ${scope}, ${requestHash}, 0, 'null'::jsonb)
        ON CONFLICT ("merchantId", key) DO NOTHING`;
      if (inserted === 0) {
        const prior = await tx.idempotencyKey.findUniqueOrThrow({ where: { merchantId_key: { merchantId, key } } });
        if (prior.scope !== scope || prior.requestHash !== requestHash) {
          throw new AppError("UNPROCESSABLE", "This Idempotency-Key was already used with a different request.");
        }
        return { status: prior.responseStatus, body: prior.responseBody, replayed: true };
      }
      const result = await write(tx);
      await tx.idempotencyKey.update({
        where: { merchantId_key: { merchantId, key } },
        data: { responseStatus: result.status, responseBody: (result.body ?? null) as Prisma.InputJsonValue },
      });
      return { ...result, replayed: false };
    },
    { timeout: 15_000 },
  );
}
