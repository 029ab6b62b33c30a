import { AppError } from "@/lib/errors";
import { formatLocalDateTime, type TLocalTime } from "@/lib/time";
import { promotionWindowProblem, type TPromotionWindow } from "@/features/promotions/validity";

// Why a voucher code cannot be redeemed, in the words the counter and the API both show. The
// checks run in capture_visit() (prisma/sql/capture_visit.sql raises the reason code only) and in
// lookupVoucher (counter.ts) before anything is recorded; the words are here, once.

export type TVoucherRefusal =
  | { reason: "voucher_unknown" }
  | { reason: "voucher_void" }
  | { reason: "voucher_redeemed"; redeemedAt: Date | null; redeemedBy: string | null }
  | { reason: "voucher_expired"; expiresAt: Date }
  | { reason: "voucher_window"; window: TPromotionWindow; local: Pick<TLocalTime, "dayOfWeek" | "hour"> };

export type TVoucherReason = TVoucherRefusal["reason"];
export const VOUCHER_REASONS: readonly TVoucherReason[] = ["voucher_unknown", "voucher_void", "voucher_redeemed", "voucher_expired", "voucher_window"];

/** The refusal as the AppError the API answers (status, message, field error) and the counter shows. */
export function voucherRefusalError(code: string, r: TVoucherRefusal, timeZone: string): AppError {
  switch (r.reason) {
    case "voucher_unknown":
      // Also another business's code: it is unknown here, and the words say nothing more.
      return new AppError("UNPROCESSABLE", `No voucher has the code ${code}. Check it for typos.`, { fieldErrors: { voucherCode: "Unknown code." } });
    case "voucher_void":
      return new AppError("UNPROCESSABLE", `${code} was voided and cannot be redeemed.`, { fieldErrors: { voucherCode: "Voided." } });
    case "voucher_redeemed": {
      const when = r.redeemedAt ? formatLocalDateTime(r.redeemedAt, timeZone) : "an earlier visit";
      return new AppError("CONFLICT", `${code} was already redeemed on ${when}${r.redeemedBy ? ` by ${r.redeemedBy}` : ""}.`, {
        fieldErrors: { voucherCode: "Already redeemed." },
        details: { redeemedAt: r.redeemedAt ? r.redeemedAt.toISOString() : null, redeemedBy: r.redeemedBy },
      });
    }
    case "voucher_expired":
      return new AppError("UNPROCESSABLE", `${code} expired on ${formatLocalDateTime(r.expiresAt, timeZone)}.`, { fieldErrors: { voucherCode: "Expired." } });
    case "voucher_window": {
      const problem = promotionWindowProblem(code, r.window, r.local) ?? `${code} cannot be redeemed at this time.`;
      return new AppError("UNPROCESSABLE", problem, { fieldErrors: { voucherCode: "Outside the promotion's days or hours." } });
    }
  }
}

/** The refusal capture_visit() raised (reason code and DETAIL facts), judged at `local`. */
export function voucherRefusalFromSql(reason: string, detail: Record<string, unknown>, local: Pick<TLocalTime, "dayOfWeek" | "hour">): TVoucherRefusal | null {
  const date = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
  switch (reason) {
    case "voucher_unknown":
    case "voucher_void":
      return { reason };
    case "voucher_redeemed":
      return { reason, redeemedAt: date(detail.redeemedAt), redeemedBy: typeof detail.redeemedBy === "string" ? detail.redeemedBy : null };
    case "voucher_expired":
      return { reason, expiresAt: date(detail.expiresAt) ?? new Date(0) };
    case "voucher_window":
      return {
        reason,
        window: {
          validDaysOfWeek: Array.isArray(detail.validDaysOfWeek) ? (detail.validDaysOfWeek as number[]) : [],
          validHourFrom: typeof detail.validHourFrom === "number" ? detail.validHourFrom : null,
          validHourTo: typeof detail.validHourTo === "number" ? detail.validHourTo : null,
        },
        local,
      };
  }
  return null;
}
