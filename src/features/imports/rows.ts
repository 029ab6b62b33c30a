import { z } from "zod";
import { ZCustomerInput } from "@/features/customers/schemas";
import { parseMoneyToCents } from "@/lib/money";
import { fromLocalTime } from "@/lib/time";
import { issueSentences } from "@/lib/validation-messages";
import { ZVoucherCode } from "@/features/visits/schemas";
import type { TImportKind, TMapping } from "./fields";
import { splitFullName } from "./full-name";

// One CSV record → a validated row, or the reasons it cannot be imported.

export type TCustomerRow = z.infer<typeof ZCustomerInput>;
export type TVisitRow = { customer: TCustomerRow; occurredAt: Date; amountCents: number; partySize: number; rating: number | null; tags: string[] };
export type TVoucherRow = { code: string; purchaserName?: string; purchaserEmail?: string; purchasedAt?: Date; expiresAt?: Date };
export type TRowResult<T> = { ok: true; row: T } | { ok: false; errors: string[] };

const splitTags = (s: string | undefined) =>
  s
    ? s
        .split(/[;|]/)
        .map((t) => t.trim())
        .filter(Boolean)
    : [];
const yes = (s: string) => /^(y|yes|true|1|x|opted in|subscribed)$/i.test(s.trim());

function pick(record: string[], headers: string[], mapping: TMapping, key: string): string | undefined {
  const col = mapping[key];
  if (!col) return undefined;
  const v = record[headers.indexOf(col)]?.trim();
  return v ? v : undefined;
}

function customerFrom(record: string[], headers: string[], mapping: TMapping): TRowResult<TCustomerRow> {
  const get = (k: string) => pick(record, headers, mapping, k);
  const consent = get("emailConsent");
  const tags = splitTags(get("tags"));
  // A "Full name" column fills first and last name where their own columns are not mapped or empty.
  const full = splitFullName(get("fullName") ?? "");
  const parsed = ZCustomerInput.safeParse({
    externalId: get("externalId"),
    email: get("email"),
    phone: get("phone"),
    firstName: get("firstName") ?? full.firstName,
    lastName: get("lastName") ?? full.lastName,
    zip: get("zip"),
    birthday: get("birthday"),
    anniversary: get("anniversary"),
    ...(consent !== undefined ? { emailConsent: yes(consent) } : {}),
    ...(tags.length ? { tags } : {}),
    ...readReach(get("reach"), get("reachSource")),
  });
  if (parsed.success) return { ok: true, row: parsed.data };
  return { ok: false, errors: issueSentences(parsed.error) };
}

/** A reach cell: "12,500", "12 500" or "12500" is a number; anything else goes on as typed, for the schema's message. */
function readReach(text: string | undefined, source: string | undefined): { reach?: unknown; reachSource?: string } {
  if (text === undefined) return {};
  const compact = text.replace(/[\s,_]/g, "");
  return { reach: /^\d{1,12}$/.test(compact) ? Number(compact) : text, ...(source ? { reachSource: source } : {}) };
}

/**
 * A time from a CSV cell: RFC 3339 with an offset, or a local wall-clock "YYYY-MM-DD HH:MM" in the
 * merchant's zone, or a bare date at `dateOnlyAt` (hour, minute) local. null when unreadable.
 */
function readTime(text: string, timeZone: string, dateOnlyAt: [number, number]): Date | null {
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(text))
    return fromLocalTime(text.slice(0, 10), Number(text.slice(11, 13)), Number(text.slice(14, 16)), timeZone);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return fromLocalTime(text, dateOnlyAt[0], dateOnlyAt[1], timeZone);
  const d = new Date(text);
  return Number.isNaN(d.getTime()) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? null : d;
}

const ZVoucherFields = z.object({
  code: ZVoucherCode,
  purchaserName: z.string().trim().max(160).optional(),
  purchaserEmail: z.string().trim().email("Enter a valid email address.").max(254).optional(),
});

/** A sold voucher: the same fields and rules as POST /api/v1/vouchers (features/visits/vouchers.ts). */
function voucherFrom(record: string[], headers: string[], mapping: TMapping, timeZone: string): TRowResult<TVoucherRow> {
  const get = (k: string) => pick(record, headers, mapping, k);
  const errors: string[] = [];
  const code = get("code");
  const parsed = ZVoucherFields.safeParse({ code: code ?? "", purchaserName: get("purchaserName"), purchaserEmail: get("purchaserEmail") });
  if (!code) errors.push("Voucher code is required.");
  else if (!parsed.success) {
    const others = parsed.error.issues.filter((i) => i.path[0] !== "code");
    if (others.length < parsed.error.issues.length) errors.push("Voucher code: not a voucher code (4 to 40 letters and digits).");
    errors.push(...issueSentences(new z.ZodError(others)));
  }
  const times: Partial<Record<"purchasedAt" | "expiresAt", Date>> = {};
  for (const [key, at] of [
    ["purchasedAt", [12, 0]],
    ["expiresAt", [23, 59]],
  ] as const) {
    const text = get(key);
    if (!text) continue;
    const d = readTime(text, timeZone, [at[0], at[1]]);
    if (d) times[key] = d;
    else
      errors.push(
        `${key === "purchasedAt" ? "Purchased at" : "Expires at"}: use a local time like 2026-05-01 18:30, a date like 2026-05-01, or a time with its offset like 2026-05-01T18:30:00Z.`,
      );
  }
  if (errors.length || !parsed.success) return { ok: false, errors };
  const v = parsed.data;
  return {
    ok: true,
    row: {
      code: v.code,
      ...(v.purchaserName ? { purchaserName: v.purchaserName } : {}),
      ...(v.purchaserEmail ? { purchaserEmail: v.purchaserEmail.toLowerCase() } : {}),
      ...times,
    },
  };
}

export function parseRecord(
  kind: TImportKind,
  record: string[],
  headers: string[],
  mapping: TMapping,
  timeZone: string,
): TRowResult<TCustomerRow | TVisitRow | TVoucherRow> {
  if (kind === "vouchers") return voucherFrom(record, headers, mapping, timeZone);
  const customer = customerFrom(record, headers, mapping);
  if (kind === "customers") return customer;
  const errors = customer.ok ? [] : customer.errors;
  const get = (k: string) => pick(record, headers, mapping, k);

  const when = get("occurredAt");
  let occurredAt: Date | null = null;
  if (!when) errors.push("When is required.");
  else {
    occurredAt = readTime(when, timeZone, [12, 0]);
    if (!occurredAt) errors.push("When: use a local time like 2026-05-01 18:30, or a time with its offset like 2026-05-01T18:30:00Z.");
  }
  if (occurredAt && occurredAt.getTime() > Date.now() + 5 * 60_000) errors.push("When is in the future.");

  const amount = get("amount");
  const amountCents = amount === undefined ? 0 : parseMoneyToCents(amount.replace(/,/g, ""));
  if (amountCents === null) errors.push("Spend: use an amount like 42.50.");
  const party = get("partySize");
  const partySize = party === undefined ? 1 : Number(party);
  if (!Number.isInteger(partySize) || partySize < 1 || partySize > 500) errors.push("Party size must be a whole number from 1 to 500.");
  const r = get("rating");
  const rating = r === undefined ? null : Number(r);
  if (rating !== null && ![1, 2, 3].includes(rating)) errors.push("Rating must be 1, 2 or 3.");

  if (errors.length || !customer.ok || !occurredAt || amountCents === null) return { ok: false, errors };
  return { ok: true, row: { customer: customer.row, occurredAt, amountCents, partySize, rating, tags: splitTags(get("tags")) } };
}
