import type { TFieldError } from "./errors";

// The browser's side of the request chain: a call to one of the app's own routes, typed by the
// answer the route's feature declares (e.g. features/visits/schemas.ts), failing with the one
// problem+json shape every route answers (lib/api.ts problemResponse).

/** RFC 9457 problem with the app's machine `code` and, for faulty fields, `errors`. */
export type TProblem = { type: string; status: number; title: string; detail: string; code: string; errors?: TFieldError[]; [extension: string]: unknown };

export type TFetched<T> = { ok: true; status: number; data: T } | { ok: false; status: number; problem: TProblem | null };

const isProblem = (body: unknown): body is TProblem =>
  !!body && typeof body === "object" && typeof (body as { status?: unknown }).status === "number" && typeof (body as { detail?: unknown }).detail === "string";

/**
 * `fetch` for an internal route: the parsed answer as `T`, or the problem (null when the answer
 * was not ours: a proxy's page, an empty body). Resolves null when no answer came at all
 * (offline, aborted), so a caller decides what that means for it.
 */
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<TFetched<T> | null> {
  const res = await fetch(url, {
    ...init,
    headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}), ...init?.headers },
  }).catch(() => null);
  if (!res) return null;
  const body: unknown = await res.json().catch(() => undefined);
  // The route's feature declares T; this is the one place the browser takes it at its word.
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  return { ok: false, status: res.status, problem: isProblem(body) ? body : null };
}

/** What to tell the user about a failed call. */
export const problemMessage = (r: TFetched<unknown> | null, fallback = "That did not work.") =>
  r === null ? null : r.ok ? null : (r.problem?.detail ?? fallback);
