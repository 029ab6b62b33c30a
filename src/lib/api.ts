import "server-only";
import { z } from "zod";
import { AppError, appErrorFromDatabase, toPublicError } from "./errors";
import { resolveApiKey } from "@/features/tenancy/api-keys";
import { takeToken } from "./throttle";
import { JSON_BODY_LIMIT } from "./body-limits";

export { GROUP_BODY_LIMIT, JSON_BODY_LIMIT } from "./body-limits";

// Per API key, held in PostgreSQL so every app instance draws on one bucket; generous for a POS
// syncing a busy day, tight enough to stop a runaway script.
const API_KEY_BUCKET = {
  capacity: Number(process.env.API_RATE_LIMIT_BURST ?? 2000),
  refillPerSecond: Number(process.env.API_RATE_LIMIT_PER_SECOND ?? 1000),
};

// REST API v1 plumbing: bearer-key auth and RFC 9457 problem+json errors.

export type TApiContext = NonNullable<Awaited<ReturnType<typeof resolveApiKey>>>;

// Next streams a handler's body without a Content-Length, so its gzip (`compress`, on by default)
// cannot apply its 1 KB threshold and compresses every answer for a client that sends
// Accept-Encoding: gzip (most do). For a few hundred bytes of JSON that costs more CPU on both
// ends (~0.2 ms a request here) than it saves bytes; `no-transform` opts such a body out.
const SMALL_BODY_CHARS = 1024;

function jsonResponse(text: string, status: number, contentType: string, headers: Record<string, string>) {
  const small: Record<string, string> = text.length < SMALL_BODY_CHARS ? { "cache-control": "no-transform" } : {};
  return new Response(text, { status, headers: { "content-type": contentType, ...small, ...headers } });
}

export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  return jsonResponse(JSON.stringify({ type: "about:blank", status, title, detail, ...extra }), status, "application/problem+json", headers);
}

const titles: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 413: "Content Too Large", 422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error" };

export function validationProblem(error: z.ZodError) {
  return problem(400, "Bad Request", "The request body is not valid.", {
    errors: error.issues.map((i) => ({ path: "/" + i.path.join("/"), message: i.message })),
  });
}

export async function authenticate(request: Request): Promise<TApiContext | Response> {
  const header = request.headers.get("authorization") ?? "";
  const key = header.match(/^Bearer\s+(\S+)$/i)?.[1];
  const ctx = key ? await resolveApiKey(key) : null;
  if (!ctx) return problem(401, "Unauthorized", "Send a valid API key as `Authorization: Bearer <key>`.", {}, { "www-authenticate": "Bearer" });
  return ctx;
}

/** Wraps a handler: authenticates, and maps thrown errors to problem+json. */
export function apiHandler<P>(handler: (request: Request, ctx: TApiContext, params: P) => Promise<Response>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    const ctx = await authenticate(request);
    if (ctx instanceof Response) return ctx;
    const allowed = await takeToken(`api-key:${ctx.apiKeyId}`, API_KEY_BUCKET);
    if (!allowed.ok) {
      return problem(429, "Too Many Requests", `This API key is over its rate limit; retry in ${allowed.retryAfterSeconds} s.`, {}, { "retry-after": String(allowed.retryAfterSeconds) });
    }
    try {
      return await handler(request, ctx, await route.params);
    } catch (err) {
      const e = toPublicError(err, { path: new URL(request.url).pathname, merchantId: ctx.merchant.id });
      const known = err instanceof AppError ? err : appErrorFromDatabase(err);
      const fieldErrors = known?.fieldErrors
        ? { errors: Object.entries(known.fieldErrors).map(([path, message]) => ({ path: "/" + path.replaceAll(".", "/"), message })) }
        : {};
      const details = known?.details ?? {};
      return problem(e.status, titles[e.status] ?? "Error", e.message, { ...fieldErrors, ...details });
    }
  };
}

/**
 * Reads a body as text, stopping at `maxBytes` (413 past it). Content-Length is only a shortcut
 * for an honest client; the stream itself is counted, so a chunked body or a lying header cannot
 * get more than `maxBytes` into memory.
 */
export async function readBodyText(request: Request, maxBytes = JSON_BODY_LIMIT): Promise<string> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The body is too large: send at most ${formatBytes(maxBytes)}.`);
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      throw new AppError("BAD_REQUEST", "The body could not be read.");
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads and parses a JSON body within `maxBytes`: 413 past it, 400 when it is not JSON. */
export async function readJsonBody(request: Request, maxBytes = JSON_BODY_LIMIT): Promise<unknown> {
  const text = await readBodyText(request, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "The body is not valid JSON.");
  }
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round((n / (1024 * 1024)) * 10) / 10} MB` : `${Math.round(n / 1024)} KB`);

/** Parses a JSON body against a schema: a 400 problem with every faulty path (413 past the size limit), or the data. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S, opts: { maxBytes?: number } = {}): Promise<{ data: z.infer<S>; raw: unknown } | Response> {
  let raw: unknown;
  try {
    raw = await readJsonBody(request, opts.maxBytes);
  } catch (err) {
    if (err instanceof AppError) return problem(err.status, titles[err.status] ?? "Error", err.message);
    throw err;
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { data: parsed.data, raw } : validationProblem(parsed.error);
}

/**
 * A path segment decoded once more, as the voucher route does for codes typed with spaces or
 * slashes; null when it is not valid percent-encoding (`%E0%A4%A`), which decodeURIComponent
 * would throw on.
 */
export function decodePathParam(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

export const idempotencyKeyOf = (request: Request) => request.headers.get("idempotency-key");

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return jsonResponse(JSON.stringify(body), status, "application/json", headers);
}
