import { randomUUID } from "node:crypto";
import { log } from "./logger";

// One error type for expected failures. Its message is safe to show; anything else is logged
// with a reference id and the user sees a generic message quoting that id.
export const ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
} as const;

export type TAppErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: TAppErrorCode;
  readonly fieldErrors?: Record<string, string>;
  readonly details?: Record<string, unknown>;

  constructor(
    code: TAppErrorCode,
    message: string,
    opts: { fieldErrors?: Record<string, string>; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = opts.fieldErrors;
    this.details = opts.details;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what = "That") => new AppError("NOT_FOUND", `${what} was not found.`);

/** Turns any thrown value into something safe to show, logging the unexpected ones. */
export function toPublicError(err: unknown, context: Record<string, unknown> = {}) {
  if (err instanceof AppError) {
    return { code: err.code, status: err.status, message: err.message, fieldErrors: err.fieldErrors };
  }
  const reference = randomUUID().slice(0, 8);
  log.error("unexpected error", { reference, err, ...context });
  return {
    code: "INTERNAL" as const,
    status: 500,
    message: `Something went wrong on our side. Please try again; if it keeps happening, quote reference ${reference}.`,
    fieldErrors: undefined,
  };
}
