import { isPersonalCode, normalizeVoucherCode } from "@/features/campaigns/codes";
import type { TCounterCustomer } from "../schemas";

// What the counter's one search box makes of what is typed: a voucher code, or a customer to find
// (on the server, or among the customers kept on the tablet when offline).

/**
 * A voucher code rather than a name: a personal code however it was typed (nmsu7s9rre, NMSU 7S9R RE),
 * a dashed code, or one run of letters and digits with at least one digit. Decided before searching names.
 */
export const looksLikeCode = (q: string) => {
  const t = q.trim();
  return isPersonalCode(t) || /^[A-Z0-9]{2,}(-[A-Z0-9]{2,})+$/i.test(t) || /^(?=.*\d)[A-Z0-9]{8,}$/i.test(t);
};
/** The code as stored: upper case, a personal code with its dashes. */
export const codeOf = (q: string) => normalizeVoucherCode(q);

/** Offline search over the customers kept on the tablet: the start of a name, the email or the phone's digits. */
export function searchOffline(customers: TCounterCustomer[], q: string): TCounterCustomer[] {
  const term = q.trim().toLowerCase();
  if (term.length < 2) return [];
  const digits = term.replace(/\D/g, "");
  return customers
    .filter((c) => {
      const words = [c.firstName, c.lastName, c.name].filter(Boolean).map((w) => w!.toLowerCase());
      return (
        words.some((w) => w.startsWith(term)) ||
        (c.email ?? "").toLowerCase().startsWith(term) ||
        (digits.length >= 3 && (c.phone ?? "").replace(/\D/g, "").includes(digits))
      );
    })
    .slice(0, 8);
}
