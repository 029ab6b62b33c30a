import "server-only";
import { z } from "zod";
import { AppError, toPublicError } from "./errors";
import { resolveApiKey } from "@/features/tenancy/api-keys";
import { takeToken } from "./throttle";

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

const titles: Record<number, string> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error" };

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
      const fieldErrors = err instanceof AppError && err.fieldErrors
        ? { errors: Object.entries(err.fieldErrors).map(([path, message]) => ({ path: "/" + path.replaceAll(".", "/"), message })) }
        : {};
      const details = err instanceof AppError && err.details ? err.details : {};
      return problem(e.status, titles[e.status] ?? "Error", e.message, { ...fieldErrors, ...details });
    }
  };
}

/** Parses a JSON body against a schema: a 400 problem with every faulty path, or the data. */
export async function parseBody<S extends z.ZodType>(request: Request, schema: S): Promise<{ data: z.infer<S>; raw: unknown } | Response> {
  let raw: unknown;
  try {
    raw = await request.json();
  } catch {
    return problem(400, "Bad Request", "The body is not valid JSON.");
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { data: parsed.data, raw } : validationProblem(parsed.error);
}

export const idempotencyKeyOf = (request: Request) => request.headers.get("idempotency-key");

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return jsonResponse(JSON.stringify(body), status, "application/json", headers);
}
