import { z } from "zod";

// One place that turns a schema's complaint into a sentence a person can act on, wherever it is
// read: the import's row errors, the counter, forms and the API's `errors` (AppError.invalid).
// "firstName: Too big: expected string to have <=80 characters" → "First name can be at most 80 characters."
// A message a schema wrote itself ("Enter a valid email address.") is kept as written.

/** What a form or action says above its fields when some of them were refused. */
export const INVALID_INPUT_MESSAGE = "Some values are not valid: correct the highlighted fields.";

/** The words people use for our field names; others are spelled out from camelCase. */
const LABELS: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  fullName: "Full name",
  email: "Email",
  phone: "Phone",
  zip: "ZIP",
  birthday: "Birthday",
  anniversary: "Anniversary",
  externalId: "External id",
  emailConsent: "Email consent",
  tags: "Tags",
  amountCents: "Spend",
  partySize: "Party size",
  rating: "Rating",
  occurredAt: "Time",
  voucherCode: "Voucher code",
  customerId: "Customer",
  code: "Voucher code",
  purchaserName: "Purchaser name",
  purchaserEmail: "Purchaser email",
  purchasedAt: "Purchased at",
  expiresAt: "Expires at",
  name: "Name",
  note: "Note",
  pin: "PIN",
  title: "Title",
  subject: "Subject",
  currency: "Currency",
  timeZone: "Time zone",
  localDate: "Date",
  localTime: "Time",
  consentSource: "Consent source",
  // A promotion's validity (a list item is labelled by its parent: "Day 1").
  validDaysOfWeek: "Days",
  "validHours.from": "Start hour",
  "validHours.to": "End hour",
};

const humanize = (key: string) => {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : "This value";
};

/** The label of the field an issue is about: its last named segment ("customer.firstName" → "First name", "tags.2" → "Tag 3"). */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  if (typeof last === "number") {
    const parent = path.at(-2);
    const label = typeof parent === "string" ? (LABELS[parent] ?? humanize(parent)) : "Item";
    return `${label.replace(/s$/, "")} ${last + 1}`;
  }
  // A key may be labelled within its parent ("validHours.to": "End hour") where the name alone says little.
  if (typeof last === "string") return LABELS[`${String(path.at(-2))}.${last}`] ?? LABELS[last] ?? humanize(last);
  return "This value";
}

const DEFAULT_MESSAGE = /^(Too big|Too small|Invalid|Unrecognized key)/;
const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? "" : "s"}`;
const FORMATS: Record<string, string> = {
  email: "is not an email address (like name@example.com)",
  url: "is not a web address",
  uuid: "is not a valid id",
  guid: "is not a valid id",
  datetime: "is not a date and time (like 2026-05-01T18:30:00Z)",
  date: "is not a date (YYYY-MM-DD)",
  time: "is not a time (HH:MM)",
};

type TIssue = z.core.$ZodIssue;

/** One issue as a sentence naming its field. */
export function issueMessage(issue: TIssue): string {
  const inner = unionBranchIssue(issue);
  if (inner) return issueMessage(inner);
  const label = fieldLabel(issue.path);
  if (!DEFAULT_MESSAGE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case "too_big": {
      const max = issue.maximum;
      if (issue.origin === "string") return `${label} can be at most ${plural(max, "character")}.`;
      if (issue.origin === "array" || issue.origin === "set") return `${label} can have at most ${plural(max, "item")}.`;
      return `${label} can be at most ${max}${issue.inclusive === false ? " (exclusive)" : ""}.`;
    }
    case "too_small": {
      const min = issue.minimum;
      if (issue.origin === "string") return Number(min) <= 1 ? `${label} can't be empty.` : `${label} needs at least ${plural(min, "character")}.`;
      if (issue.origin === "array" || issue.origin === "set") return `${label} needs at least ${plural(min, "item")}.`;
      return `${label} must be at least ${min}${issue.inclusive === false ? " (exclusive)" : ""}.`;
    }
    case "invalid_type": {
      if (/received undefined$/.test(issue.message)) return `${label} is required.`;
      const expected = String(issue.expected);
      if (expected === "int") return `${label} must be a whole number.`;
      if (expected === "number" || expected === "bigint") return `${label} must be a number.`;
      if (expected === "boolean") return `${label} must be yes or no.`;
      if (expected === "string") return `${label} must be text.`;
      if (expected === "array") return `${label} must be a list.`;
      return `${label} is not valid.`;
    }
    case "invalid_format":
      return `${label} ${FORMATS[issue.format] ?? "is not in the expected format"}.`;
    case "invalid_value":
      return issue.values.length === 1 ? `${label} must be ${String(issue.values[0])}.` : `${label} must be one of: ${issue.values.map(String).join(", ")}.`;
    case "not_multiple_of":
      return `${label} must be a multiple of ${issue.divisor}.`;
    case "unrecognized_keys":
      return `${issue.keys.length === 1 ? `“${issue.keys[0]}” is not a field` : `${issue.keys.map((k) => `“${k}”`).join(", ")} are not fields`} we know; remove ${issue.keys.length === 1 ? "it" : "them"}.`;
    default:
      return `${label} is not valid.`;
  }
}

/**
 * A union ("a phone, or empty") that no branch accepted: the most telling issue of its branches
 * (a rule the schema wrote, else a format, else anything but "not this literal"), at the union's path.
 */
function unionBranchIssue(issue: TIssue): TIssue | null {
  if (issue.code !== "invalid_union" || !issue.errors?.length) return null;
  const all = issue.errors.flat();
  const rank = (i: TIssue) =>
    i.code === "custom" ? 0 : i.code === "invalid_format" || i.code === "too_big" || i.code === "too_small" ? 1 : i.code === "invalid_value" ? 3 : 2;
  const best = [...all].sort((a, b) => rank(a) - rank(b))[0];
  return best ? ({ ...best, path: [...issue.path, ...best.path] } as TIssue) : null;
}

/**
 * An issue as a sentence that can stand alone (in a list of a row's problems, in the API's `errors`):
 * one the schema wrote itself without naming its field gets the field's label in front
 * ("Phone: Use an international number…").
 */
export function issueSentence(issue: TIssue): string {
  const i = unionBranchIssue(issue) ?? issue;
  const sentence = issueMessage(i);
  if (!i.path.length || DEFAULT_MESSAGE.test(i.message)) return sentence;
  const label = fieldLabel(i.path);
  // "A tag can't contain control characters." already names the field of "Tag 1".
  const named = label.replace(/ \d+$/, "").toLowerCase();
  return sentence.toLowerCase().includes(named) ? sentence : `${label}: ${sentence}`;
}

/**
 * A parse's `error` option that words the issues a schema left to zod's defaults as issueMessage
 * does, so a form that checks its schema in the browser shows the message the server's
 * fieldErrors would carry. Messages a schema wrote itself outrank this map and are kept.
 */
export const plainIssueMap: z.core.$ZodErrorMap = (raw) => {
  const fallback = z.config().localeError?.(raw);
  const message = typeof fallback === "string" ? fallback : (fallback?.message ?? "Invalid input");
  return issueMessage({ ...raw, path: raw.path ?? [], message } as TIssue);
};

export const issueSentences = (error: z.ZodError): string[] => error.issues.map(issueSentence);
