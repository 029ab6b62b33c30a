import { ZQuickCustomer } from "@/features/customers/schemas";
import { issueMessage } from "@/lib/validation-messages";

// The counter's one-line walk-in, checked where it is typed with the same schema the server applies
// (ZQuickCustomer), so a contact like "not a phone" is refused before Continue, never after Done.

export type TWalkInFields = { firstName: string; lastName: string; contact: string };
export type TWalkInErrors = Partial<Record<keyof TWalkInFields | "form", string>>;

/** Longest a name may be (ZQuickCustomer); the inputs stop there. */
export const NAME_MAX = 80;
export const CONTACT_MAX = 254;

/** A walk-in as the capture sends it: ZQuickCustomer's input, the values as typed (trimmed). */
export type TWalkInCustomer = { firstName?: string; lastName?: string; email?: string; phone?: string };

export function walkInCustomer(fields: TWalkInFields): { ok: true; customer: TWalkInCustomer; label: string } | { ok: false; errors: TWalkInErrors } {
  const contact = fields.contact.trim();
  const input: TWalkInCustomer = {};
  if (fields.firstName.trim()) input.firstName = fields.firstName.trim();
  if (fields.lastName.trim()) input.lastName = fields.lastName.trim();
  if (contact.includes("@")) input.email = contact;
  else if (contact) input.phone = contact;
  if (Object.keys(input).length === 0) return { ok: false, errors: { form: "Give a name, an email or a phone number." } };
  const parsed = ZQuickCustomer.safeParse(input);
  if (!parsed.success) {
    const errors: TWalkInErrors = {};
    for (const issue of parsed.error.issues) {
      const key =
        issue.path[0] === "email" || issue.path[0] === "phone"
          ? "contact"
          : issue.path[0] === "firstName" || issue.path[0] === "lastName"
            ? issue.path[0]
            : "form";
      errors[key] ??=
        key === "contact" && input.phone
          ? "That is not a phone number: use one like +14155550123 or (415) 555-0123, or an email address."
          : issueMessage(issue);
    }
    return { ok: false, errors };
  }
  // What is sent: the values as typed (trimmed); the server normalises the phone the same way.
  return { ok: true, customer: { ...input }, label: [input.firstName, input.lastName].filter(Boolean).join(" ") || contact };
}

/** The walk-in fields of a queued capture's customer, to edit it before sending it again. */
export function walkInFields(customer: Record<string, unknown> | undefined): TWalkInFields {
  const s = (v: unknown) => (typeof v === "string" ? v : "");
  return { firstName: s(customer?.firstName), lastName: s(customer?.lastName), contact: s(customer?.email) || s(customer?.phone) };
}
