import { z } from "zod";
import { ZCustomerInput } from "@/features/customers/schemas";
import { parseMoneyToCents } from "@/lib/money";
import { fromLocalTime } from "@/lib/time";
import type { TImportKind, TMapping } from "./fields";

// One CSV record → a validated row, or the reasons it cannot be imported.

export type TCustomerRow = z.infer<typeof ZCustomerInput>;
export type TVisitRow = { customer: TCustomerRow; occurredAt: Date; amountCents: number; partySize: number; rating: number | null; tags: string[] };
export type TRowResult<T> = { ok: true; row: T } | { ok: false; errors: string[] };

const splitTags = (s: string | undefined) => (s ? s.split(/[;|]/).map((t) => t.trim()).filter(Boolean) : []);
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
  const parsed = ZCustomerInput.safeParse({
    externalId: get("externalId"),
    email: get("email"),
    phone: get("phone"),
    firstName: get("firstName"),
    lastName: get("lastName"),
    zip: get("zip"),
    birthday: get("birthday"),
    anniversary: get("anniversary"),
    ...(consent !== undefined ? { emailConsent: yes(consent) } : {}),
    ...(tags.length ? { tags } : {}),
  });
  if (parsed.success) return { ok: true, row: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`) };
}

export function parseRecord(kind: TImportKind, record: string[], headers: string[], mapping: TMapping, timeZone: string): TRowResult<TCustomerRow | TVisitRow> {
  const customer = customerFrom(record, headers, mapping);
  if (kind === "customers") return customer;
  const errors = customer.ok ? [] : customer.errors;
  const get = (k: string) => pick(record, headers, mapping, k);

  const when = get("occurredAt");
  let occurredAt: Date | null = null;
  if (!when) errors.push("occurredAt: Required.");
  else if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$/.test(when)) {
    // A local wall-clock time, read in the merchant's zone.
    occurredAt = fromLocalTime(when.slice(0, 10), Number(when.slice(11, 13)), Number(when.slice(14, 16)), timeZone);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(when)) occurredAt = fromLocalTime(when, 12, 0, timeZone);
  else {
    const d = new Date(when);
    if (Number.isNaN(d.getTime()) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(when)) errors.push("occurredAt: Use RFC 3339 with an offset, or a local YYYY-MM-DD HH:MM.");
    else occurredAt = d;
  }
  if (occurredAt && occurredAt.getTime() > Date.now() + 5 * 60_000) errors.push("occurredAt: In the future.");

  const amount = get("amount");
  const amountCents = amount === undefined ? 0 : parseMoneyToCents(amount.replace(/,/g, ""));
  if (amountCents === null) errors.push("amount: Use an amount like 42.50.");
  const party = get("partySize");
  const partySize = party === undefined ? 1 : Number(party);
  if (!Number.isInteger(partySize) || partySize < 1 || partySize > 500) errors.push("partySize: A whole number from 1 to 500.");
  const r = get("rating");
  const rating = r === undefined ? null : Number(r);
  if (rating !== null && ![1, 2, 3].includes(rating)) errors.push("rating: 1, 2 or 3.");

  if (errors.length || !customer.ok || !occurredAt || amountCents === null) return { ok: false, errors };
  return { ok: true, row: { customer: customer.row, occurredAt, amountCents, partySize, rating, tags: splitTags(get("tags")) } };
}
