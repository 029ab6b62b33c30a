import "server-only";
import type { z } from "zod";
import { AppError, HTTP_TITLES, type TPublicError } from "./errors";
import { JSON_BODY_LIMIT } from "./body-limits";

export { GROUP_BODY_LIMIT, JSON_BODY_LIMIT } from "./body-limits";

// Next streams a handler's body without a Content-Length, so its gzip (`compress`, on by default)
// cannot apply its 1 KB threshold and compresses every answer for a client that sends
// Accept-Encoding: gzip (most do). For a few hundred bytes of JSON that costs more CPU on both
// ends (~0.2 ms a request here) than it saves bytes; `no-transform` opts such a body out.
const SMALL_BODY_CHARS = 1024;

function jsonResponse(text: string, status: number, contentType: string, headers: Record<string, string>) {
  const small: Record<string, string> = text.length < SMALL_BODY_CHARS ? { "cache-control": "no-transform" } : {};
  return new Response(text, { status, headers: { "content-type": contentType, ...small, ...headers } });
}

/**
 * The one problem+json dialect of every route, internal and REST (API.md): RFC 9457's `type`,
 * `status`, the HTTP `title` and `detail`, a stable machine `code` (AppError's), `errors: [{ path,
 * message }]` when fields are at fault, and the error's extension members (`redeemedAt` …).
 */
export function problemResponse(e: TPublicError, headers: Record<string, string> = {}) {
  const body = {
    type: "about:blank",
    status: e.status,
    title: HTTP_TITLES[e.status] ?? "Error",
    detail: e.message,
    code: e.code,
    ...(e.errors.length ? { errors: e.errors } : {}),
    ...e.details,
  };
  return jsonResponse(JSON.stringify(body), e.status, "application/problem+json", { ...e.headers, ...headers });
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

/** Parses a JSON body against a schema: throws a 400 naming every faulty path (413 past the size limit), or gives the data. */
export async function parseBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  opts: { maxBytes?: number } = {},
): Promise<{ data: z.infer<S>; raw: unknown }> {
  const raw = await readJsonBody(request, opts.maxBytes);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw AppError.invalid(parsed.error, "The request body is not valid.");
  return { data: parsed.data, raw };
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
