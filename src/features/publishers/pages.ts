import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { getPublisherMerchantOrThrow, requirePublisherPage } from "@/features/tenancy/queries";
import { getDealOrThrow } from "./deals";

/** A publisher page about one of its merchants: 404 for anyone else, and for another publisher's merchant. */
export async function requirePublisherMerchantPage(publisherSlug: string, merchantSlug: string, opts: { admin?: boolean } = {}) {
  const ctx = await requirePublisherPage(publisherSlug, opts);
  const merchant = await getPublisherMerchantOrThrow(ctx.publisher.id, merchantSlug).catch(notFoundOnMiss);
  return { ...ctx, merchant };
}

export async function getDealOrNotFound(merchantId: string, dealId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(dealId)) notFound();
  return getDealOrThrow(merchantId, dealId).catch(notFoundOnMiss);
}

function notFoundOnMiss(e: unknown): never {
  if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
  throw e;
}
