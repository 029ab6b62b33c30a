import { randomUUID } from "node:crypto";
import { z } from "zod";
import { log } from "./logger";
import { INVALID_INPUT_MESSAGE, issueMessage, issueSentence } from "./validation-messages";

// One error type for expected failures. Its message is safe to show; anything else is logged
// with a reference id and the user sees a generic message quoting that id.
export const ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  /** The merchant's plan does not include one more of this (features/billing/limits.ts). */
  PLAN_LIMIT: 402,
  /** Promotions wait while a payment is past due (features/billing). */
  SENDING_PAUSED: 402,
  FORBIDDEN: 403,
  /** The platform admin suspended this merchant (lib/suspension.ts). */
  MERCHANT_SUSPENDED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
} as const;

export type TAppErrorCode = keyof typeof ERROR_CODES;

/** The HTTP title of each status a route answers (RFC 9457 `title`: the status's, not ours). */
export const HTTP_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
};

/** One faulty input, addressed by a JSON Pointer ("/customer/email"), as API.md's `errors` items. */
export type TFieldError = { path: string; message: string };

export const pointerOf = (path: readonly PropertyKey[]) => `/${path.map(String).join("/")}`;
/** A field error's key in an action's `fieldErrors` map: the path with dots ("customer.email"), "_" for the whole input. */
export const fieldKeyOf = (pointer: string) => pointer.slice(1).replaceAll("/", ".") || "_";

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly fieldErrors?: Record<string, string>;
  /** Extension members of the problem+json answer (`redeemedAt`, `counterOnly` …). */
  readonly details?: Record<string, unknown>;
  /** Field errors as a list, when a map of one message per field says too little (the filter builder's). */
  readonly errors?: TFieldError[];
  /** Response headers a route adds to the answer (`retry-after`, `www-authenticate`). */
  readonly headers?: Record<string, string>;

  constructor(
    code: TAppErrorCode,
    message: string,
    opts: { fieldErrors?: Record<string, string>; errors?: TFieldError[]; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = opts.fieldErrors;
    this.errors = opts.errors;
    this.details = opts.details;
    this.headers = opts.headers;
  }

  /**
   * Input that failed a schema, with the message that suits where it is read: `errors` (the API's,
   * a list) as sentences that stand alone ("Phone: Use an international number…"), `fieldErrors`
   * (a form's, shown beside the field) without the field's label in front ("Use an international number…").
   */
  static invalid(error: z.ZodError, message = INVALID_INPUT_MESSAGE): AppError {
    const fieldErrors: Record<string, string> = {};
    for (const i of error.issues) fieldErrors[fieldKeyOf(pointerOf(i.path))] ??= issueMessage(i);
    return new AppError("BAD_REQUEST", message, {
      errors: error.issues.map((i) => ({ path: pointerOf(i.path), message: issueSentence(i) })),
      ...(error.issues.length ? { fieldErrors } : {}),
    });
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what = "That") => new AppError("NOT_FOUND", `${what} was not found.`);

/**
 * The SQLSTATE of a PostgreSQL error, however it reached us. Prisma 7 with the pg adapter throws
 * PrismaClientKnownRequestError whose `code` is Prisma's own (P2002, P2010 …) and keeps the
 * SQLSTATE at meta.driverAdapterError.cause.originalCode; the adapter's DriverAdapterError keeps
 * it at cause.originalCode; node-postgres (the capture pool) puts it on `code` beside `severity`.
 */
export function sqlStateOf(err: unknown, depth = 0): string | null {
  if (!err || typeof err !== "object" || depth > 4) return null;
  const e = err as { name?: unknown; code?: unknown; severity?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown; originalCode?: unknown };
  const sqlState = (v: unknown) => (typeof v === "string" && /^[0-9A-Z]{5}$/.test(v) ? v : null);
  if (e.meta?.driverAdapterError) return sqlStateOf(e.meta.driverAdapterError, depth + 1);
  if (e.name === "DriverAdapterError") {
    const cause = e.cause as { originalCode?: unknown; code?: unknown } | undefined;
    return sqlState(cause?.originalCode) ?? sqlState(cause?.code);
  }
  if (typeof e.severity === "string" && sqlState(e.code)) return e.code as string;
  return e.cause ? sqlStateOf(e.cause, depth + 1) : null;
}

/**
 * What the database refused because of the input, as the AppError the caller should see; null for
 * anything else (a bug or an outage stays a 500 with a reference). The one table of SQLSTATEs every
 * wrapper (actions, internal routes, REST) goes through, via toPublicError. Messages never quote
 * the database's text: it can name constraints and other rows.
 */
export function appErrorFromDatabase(err: unknown): AppError | null {
  if (err instanceof AppError) return null;
  const state = sqlStateOf(err);
  if (!state) {
    // Prisma's own "no row to update or delete" for a merchant-scoped write: the row is not there.
    return (err as { code?: unknown } | null)?.code === "P2025" && (err as { name?: unknown }).name === "PrismaClientKnownRequestError"
      ? new AppError("NOT_FOUND", "That was not found.")
      : null;
  }
  switch (state) {
    case "22P02": // invalid_text_representation: "abc"::uuid, "x"::int
      return new AppError("BAD_REQUEST", "A value is not in the expected format (for example an id that is not a UUID).");
    case "22003": // numeric_value_out_of_range
      return new AppError("BAD_REQUEST", "A number is too large or too small.");
    case "22021": // character_not_in_repertoire: a NUL byte in text
    case "22P05": // untranslatable_character
      return new AppError("BAD_REQUEST", "Text can't contain control characters.");
    case "22007": // invalid_datetime_format
    case "22008": // datetime_field_overflow
    case "22009": // invalid_time_zone_displacement_value
      return new AppError("BAD_REQUEST", "A date or time is not valid or out of range.");
    case "22001": // string_data_right_truncation
      return new AppError("BAD_REQUEST", "A text value is too long.");
    case "23502": // not_null_violation
      return new AppError("BAD_REQUEST", "A required value is missing.");
    case "23514": // check_violation
      return new AppError("BAD_REQUEST", "A value is outside what is allowed.");
    case "23505": // unique_violation
      return new AppError("CONFLICT", "That already exists.");
    case "23P01": // exclusion_violation
      return new AppError("CONFLICT", "That conflicts with something that already exists.");
    case "23503": {
      // foreign_key_violation: inserting a reference to a row that is not there (or is another
      // merchant's: tenant foreign keys include merchantId) is a 404; deleting a row still
      // referenced is a conflict.
      const text = JSON.stringify((err as { meta?: unknown }).meta ?? (err as { message?: unknown }).message ?? "");
      return /update or delete on table/.test(text)
        ? new AppError("CONFLICT", "That is still in use.")
        : new AppError("NOT_FOUND", "Something this refers to was not found.");
    }
    case "54001": // statement_too_complex (stack depth)
      return new AppError("BAD_REQUEST", "This request is too complex; simplify it.");
  }
  // Any other data exception (class 22) is about a value the caller sent.
  return state.startsWith("22") ? new AppError("BAD_REQUEST", "A value is not valid.") : null;
}

/**
 * Any thrown value as what a caller may see — the one mapping behind every action, internal route
 * and REST route (lib/chain.ts): AppError as it is, a zod error as a 400 naming each field,
 * database refusals by SQLSTATE, anything else a logged 500 with a reference id. Actions show
 * `message` and `fieldErrors`; routes answer problem+json from the same value.
 */
export type TPublicError = {
  code: TAppErrorCode | "INTERNAL";
  status: number;
  message: string;
  /** Every faulty field in order, JSON Pointer paths. */
  errors: TFieldError[];
  /** The first message per field, keyed by dotted path, for forms; undefined when no field is named. */
  fieldErrors: Record<string, string> | undefined;
  details: Record<string, unknown>;
  headers: Record<string, string>;
};

function fieldErrorsOf(errors: TFieldError[]): Record<string, string> | undefined {
  if (errors.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of errors) out[fieldKeyOf(e.path)] ??= e.message;
  return out;
}

export function toPublicError(err: unknown, context: Record<string, unknown> = {}): TPublicError {
  const fromDb = appErrorFromDatabase(err);
  if (fromDb) log.info("database refused input", { sqlState: sqlStateOf(err), status: fromDb.status, ...context });
  const known = err instanceof AppError ? err : err instanceof z.ZodError ? AppError.invalid(err) : fromDb;
  if (known) {
    const errors = known.errors ?? Object.entries(known.fieldErrors ?? {}).map(([key, message]) => ({ path: `/${key.replaceAll(".", "/")}`, message }));
    return {
      code: known.code,
      status: known.status,
      message: known.message,
      errors,
      fieldErrors: known.fieldErrors ?? fieldErrorsOf(errors),
      details: known.details ?? {},
      headers: known.headers ?? {},
    };
  }
  const reference = randomUUID().slice(0, 8);
  log.error("unexpected error", { reference, err, ...context });
  return {
    code: "INTERNAL",
    status: 500,
    message: `Something went wrong on our side. Please try again; if it keeps happening, quote reference ${reference}.`,
    errors: [],
    fieldErrors: undefined,
    details: { reference },
    headers: {},
  };
}

/** The SQLSTATE our SQL functions raise a refusal with (a class of our own, "RG"). */
export const REFUSAL_SQLSTATE = "RG001";

/**
 * A refusal raised by one of our SQL functions — `RAISE EXCEPTION USING ERRCODE = 'RG001',
 * MESSAGE = '<reason>', DETAIL = '<json object>'` — as { reason, detail }; null for any other error.
 * Read from node-postgres's error (code, message, detail) or from Prisma's, which keeps the same
 * fields at meta.driverAdapterError.cause; never by searching message text.
 */
export function sqlRefusalOf(err: unknown): { reason: string; detail: Record<string, unknown> } | null {
  if (sqlStateOf(err) !== REFUSAL_SQLSTATE) return null;
  const e = err as { message?: unknown; detail?: unknown; meta?: { driverAdapterError?: { cause?: { message?: unknown; detail?: unknown } } } };
  const fields = e.meta?.driverAdapterError?.cause ?? e;
  const reason = typeof fields.message === "string" ? fields.message : "";
  let detail: Record<string, unknown> = {};
  if (typeof fields.detail === "string" && fields.detail) {
    try {
      detail = JSON.parse(fields.detail) as Record<string, unknown>;
    } catch {
      /* a refusal without facts */
    }
  }
  return { reason, detail };
}
