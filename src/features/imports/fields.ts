import { z } from "zod";

// What an import can fill, per kind, and the header names we recognise without help.
export const IMPORT_FIELDS = {
  customers: [
    { key: "externalId", label: "External id", guess: ["externalid", "external id", "id", "customer id", "pos id"] },
    { key: "email", label: "Email", guess: ["email", "e-mail", "email address"] },
    { key: "phone", label: "Phone", guess: ["phone", "mobile", "phone number", "cell"] },
    { key: "fullName", label: "Full name (split into first and last)", guess: ["name", "full name", "fullname", "customer name", "guest name", "customer"] },
    { key: "firstName", label: "First name", guess: ["first name", "firstname", "first", "given name"] },
    { key: "lastName", label: "Last name", guess: ["last name", "lastname", "last", "surname", "family name"] },
    { key: "zip", label: "ZIP", guess: ["zip", "postal code", "postcode", "zip code"] },
    { key: "birthday", label: "Birthday (YYYY-MM-DD)", guess: ["birthday", "date of birth", "dob", "birth date"] },
    { key: "anniversary", label: "Anniversary (YYYY-MM-DD)", guess: ["anniversary"] },
    {
      key: "emailConsent",
      label: "Email consent (yes/no)",
      guess: ["email consent", "consent", "opt in", "opted in", "optin", "subscribed", "marketing", "accepts marketing"],
    },
    { key: "tags", label: "Tags (separated by ;)", guess: ["tags", "tag", "labels"] },
    { key: "reach", label: "Reach (followers, audience size)", guess: ["reach", "followers", "audience", "follower count"] },
    { key: "reachSource", label: "Where the reach comes from", guess: ["reach source", "network", "social network", "platform"] },
  ],
  visits: [
    { key: "externalId", label: "Customer external id", guess: ["externalid", "external id", "customer id", "pos id"] },
    { key: "email", label: "Customer email", guess: ["email", "e-mail"] },
    { key: "phone", label: "Customer phone", guess: ["phone", "mobile"] },
    { key: "firstName", label: "First name", guess: ["first name", "firstname", "first"] },
    { key: "lastName", label: "Last name", guess: ["last name", "lastname", "last"] },
    { key: "occurredAt", label: "When (RFC 3339, or local YYYY-MM-DD HH:MM)", guess: ["occurredat", "date", "time", "visited at", "datetime", "when"] },
    { key: "amount", label: "Spend (e.g. 42.50)", guess: ["amount", "spend", "total", "spent"] },
    { key: "partySize", label: "Party size", guess: ["party", "party size", "covers", "guests"] },
    { key: "rating", label: "Rating (1–3)", guess: ["rating", "stars"] },
    { key: "tags", label: "Tags (separated by ;)", guess: ["tags", "tag"] },
  ],
  vouchers: [
    { key: "code", label: "Voucher code", guess: ["code", "voucher", "voucher code", "voucher id", "redemption code"] },
    { key: "purchaserName", label: "Purchaser name", guess: ["purchaser", "purchaser name", "buyer", "buyer name", "name", "customer name"] },
    { key: "purchaserEmail", label: "Purchaser email", guess: ["purchaser email", "buyer email", "email", "e-mail", "customer email"] },
    {
      key: "purchasedAt",
      label: "Purchased at (RFC 3339, or local YYYY-MM-DD HH:MM)",
      guess: ["purchased at", "purchased", "bought", "bought at", "sold at", "purchase date", "order date"],
    },
    {
      key: "expiresAt",
      label: "Expires at (date or time; a date lasts the whole day)",
      guess: ["expires at", "expires", "expiry", "expiration", "expiry date", "valid until"],
    },
  ],
} as const;

export type TImportKind = keyof typeof IMPORT_FIELDS;
export type TMapping = Record<string, string>;

/** A mapping from the headers: the previous mapping where its columns still exist, else by name. */
export function suggestMapping(kind: TImportKind, headers: string[], previous?: TMapping | null): TMapping {
  const mapping: TMapping = {};
  const norm = (s: string) => s.trim().toLowerCase().replace(/[_-]+/g, " ");
  for (const f of IMPORT_FIELDS[kind]) {
    const prev = previous?.[f.key];
    if (prev && headers.includes(prev)) mapping[f.key] = prev;
    else {
      const guesses = (f.guess as readonly string[]).map(norm);
      const hit = headers.find((h) => guesses.includes(norm(h)));
      if (hit) mapping[f.key] = hit;
    }
  }
  return mapping;
}

// ── What the import routes answer (app/m/[merchant]/(manager)/import/uploads/**), read by the wizard.

/** POST …/import/uploads — the stored file's columns, a preview and the suggested mapping. */
export type TUploadStored = { id: string; headers: string[]; preview: string[][]; mapping: TMapping };

/** GET and POST …/import/uploads/{id} — an import's status and progress (the fields the wizard shows). */
export type TImportJobView = {
  id: string;
  status: string;
  totalRows: number;
  validRows: number;
  invalidRows: number;
  importedRows: number;
  errorSample: { line: number; errors: string[] }[];
  error: string | null;
  /** A checked customer file: what it would do to existing customers. */
  preview: TCustomerImportPreview | null;
};

// ── What a customer import does to customers that already exist.

/** The fields of an existing customer a file may change, and how: never the identity keys (those only fill blanks no one holds). */
export const POLICY_FIELDS = [
  { key: "firstName", stage: "first", column: `"firstName"`, label: "First name" },
  { key: "lastName", stage: "last", column: `"lastName"`, label: "Last name" },
  { key: "zip", stage: "zip", column: "zip", label: "ZIP" },
  { key: "birthday", stage: "bday", column: "birthday", label: "Birthday" },
  { key: "anniversary", stage: "anniv", column: "anniversary", label: "Anniversary" },
] as const;
export type TPolicyField = (typeof POLICY_FIELDS)[number]["key"];

/** keep: the customer's value stays; file: the file's value replaces it; blank: the file's value only where the customer has none. */
export const FIELD_POLICIES = [
  { value: "blank", label: "Fill blanks only" },
  { value: "keep", label: "Keep existing" },
  { value: "file", label: "Take the file's" },
] as const;
export type TFieldPolicy = (typeof FIELD_POLICIES)[number]["value"];
export type TImportPolicy = Record<TPolicyField, TFieldPolicy>;

/** The default never changes a value a customer already has (a name is never changed silently). */
export const DEFAULT_POLICY: TImportPolicy = { firstName: "blank", lastName: "blank", zip: "blank", birthday: "blank", anniversary: "blank" };
/** What the row-by-row merge did before policies: the file's values win (visit imports, the API's customers). */
export const FILE_WINS: TImportPolicy = { firstName: "file", lastName: "file", zip: "file", birthday: "file", anniversary: "file" };

export const ZImportPolicy = z
  .object(
    Object.fromEntries(POLICY_FIELDS.map((f) => [f.key, z.enum(["blank", "keep", "file"])])) as Record<
      TPolicyField,
      z.ZodEnum<{ blank: "blank"; keep: "keep"; file: "file" }>
    >,
  )
  .partial();

/** Chosen at the import step: stored on the job (import_jobs.options). */
export type TCustomerImportOptions = { policy?: Partial<TImportPolicy>; consentSource?: string };

export type TCustomerImportPreview = {
  rows: number;
  /** Rows that become new customers. */
  created: number;
  /** Rows that repeat a customer an earlier row of the file names (merged into it). */
  repeats: number;
  /** Rows that match a customer the merchant already has, by the key that matched them. */
  updates: { total: number; customers: number; byExternalId: number; byEmail: number; byPhone: number };
  /** Per field: existing customers whose value the file would replace, and blanks it would fill. */
  fields: { key: TPolicyField; label: string; differ: number; fill: number }[];
  /** Rows that say yes / no to email; null when no consent column is mapped. */
  consent: { yes: number; no: number } | null;
  /** Up to 10 matched rows whose values differ from the customer's, with both values. */
  samples: {
    line: number;
    matchedBy: "external id" | "email" | "phone";
    customer: string;
    changes: { field: string; before: string | null; after: string | null }[];
  }[];
};
