import { z } from "zod";
import { normalizeVoucherCode } from "@/features/campaigns/codes";
import { ZCustomerInput, ZQuickCustomer, ZTagNames } from "@/features/customers/schemas";
import { zText } from "@/lib/text";

// RFC 3339 with an explicit offset (API.md): the instant is unambiguous whatever the server zone.
export const ZInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/, "Use an RFC 3339 timestamp with an offset, e.g. 2026-03-08T19:30:00-05:00.")
  .transform((s) => new Date(s))
  .refine((d) => !Number.isNaN(d.getTime()), "Not a real time.");

// The window of time a visit may be recorded at, through the API or the counter (docs/api.md):
// up to 5 minutes ahead of the server's clock (device clocks drift) and back to 30 days ago (an
// offline tablet or a POS catching up). Older visits come in through a visits import, which
// keeps history without counting as a live redemption. One definition for schemas and capture.
export const VISIT_TIME_MAX_SKEW_MS = 5 * 60_000;
export const VISIT_TIME_MAX_AGE_DAYS = 30;

/** Why a visit cannot be recorded at this time, in words for the form field; null when it can. */
export function visitTimeProblem(at: Date, now: Date = new Date()): string | null {
  if (at.getTime() > now.getTime() + VISIT_TIME_MAX_SKEW_MS) return "That visit is in the future. Check the device clock.";
  if (at.getTime() < now.getTime() - VISIT_TIME_MAX_AGE_DAYS * 86_400_000) {
    return `That visit is more than ${VISIT_TIME_MAX_AGE_DAYS} days ago. Record older visits with a visits import.`;
  }
  return null;
}

export const ZVisitTime = ZInstant.superRefine((d, ctx) => {
  const problem = visitTimeProblem(d);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
}).describe(
  `When the visit happened (RFC 3339 with an offset). Accepted from ${VISIT_TIME_MAX_AGE_DAYS} days ago up to 5 minutes ahead of the server's clock; ` +
    "older visits go through a visits import. A voucher's expiry and its promotion's days and hours are judged at this time, " +
    "but never earlier than 30 minutes before the server received the request, so a backdated time cannot redeem a code outside its window.",
);

// A personal Social Select code typed without dashes gets its printed form (features/campaigns/codes).
export const ZVoucherCode = z.string().trim().toUpperCase().min(4).max(40).transform(normalizeVoucherCode);
/** A code to look up: kept as typed, found as typed or in its printed form (voucherCodeForms). */
export const ZVoucherCodeAsTyped = z.string().trim().toUpperCase().min(4).max(40);

export const ZCaptureVisit = z
  .object({
    customerId: z.string().uuid().optional(),
    customer: ZCustomerInput.optional(),
    occurredAt: ZVisitTime.optional(),
    amountCents: z.number().int("Money is integer cents.").min(0).max(10_000_000),
    partySize: z.number().int().min(1).max(500).optional(),
    rating: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    tags: ZTagNames.optional(),
    voucherCode: ZVoucherCodeAsTyped.optional(),
    note: zText("The note", { multiline: true }).max(500).optional(),
  })
  .strict();
export type TCaptureVisit = Omit<z.infer<typeof ZCaptureVisit>, "customer"> & { customer?: z.infer<typeof ZCustomerInput> | z.infer<typeof ZQuickCustomer> };

/** A capture from the counter tablet: the device stamps the time; a walk-in needs only a name. */
export const ZCounterCapture = ZCaptureVisit.extend({ occurredAt: ZVisitTime, customer: ZQuickCustomer.optional() });
/** What the counter tablet queues and POSTs to /m/{merchant}/counter/captures. */
export type TCounterCapturePayload = z.input<typeof ZCounterCapture>;

/** The API requires occurredAt; the counter stamps it on the device when the visit is captured. */
export const ZApiVisit = ZCaptureVisit.extend({ occurredAt: ZVisitTime });

export const ZEditVisit = z
  .object({
    visitId: z.string().uuid(),
    amountCents: z.number().int().min(0).max(10_000_000).optional(),
    partySize: z.number().int().min(1).max(500).optional(),
    rating: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .nullable()
      .optional(),
    tags: ZTagNames.optional(),
    note: zText("The note", { multiline: true }).max(500).nullable().optional(),
  })
  .strict();
export type TEditVisit = z.infer<typeof ZEditVisit>;

// ── What the counter's routes answer (app/m/[merchant]/counter/**), declared once: the server
// functions are typed against these and the counter's components (components/find-customer.tsx, recent-captures.tsx) read them.

/** GET /m/{merchant}/counter/customers?q= — `{ data: TCounterCustomer[] }`. */
export type TCounterCustomer = {
  id: string;
  name: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  visitCount: number;
  lastRating: number | null;
};
export type TCounterCustomerSearch = { data: TCounterCustomer[] };

/** GET /m/{merchant}/counter/vouchers/{code} — whether the code can be redeemed here, and by whom. */
export type TVoucherLookup =
  | { ok: false; message: string }
  | {
      ok: true;
      code: string;
      dealTitle: string;
      customer: { id: string; name: string; firstName: string | null; lastName: string | null; visitCount: number; lastRating: number | null } | null;
      purchaserName: string | null;
    };

/** DELETE and PATCH /m/{merchant}/counter/captures/{visitId}. */
export type TVisitUndone = { undone: true };
export type TVisitCorrected = { corrected: true };

/** A capture in the counter's "recent" list (the page's props; the list refreshes with the page). */
export type TRecentCapture = {
  id: string;
  occurredAt: string;
  createdAt: string;
  amountCents: number;
  partySize: number;
  rating: number | null;
  staffUserId: string | null;
  redemption: boolean;
  customerName: string;
  tags: string[];
  /** When it happened, in the merchant's zone ("3:05 PM", "Tue 3:05 PM"). */
  localTime: string;
  /** The phone's last digits or the email, to tell customers of the same name apart. */
  contactHint: string | null;
};
