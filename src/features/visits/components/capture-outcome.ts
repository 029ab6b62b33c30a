// What one answer to a queued capture means for the copy on the device. Pure, so every kind of
// answer is in one table of cases (capture-outcome.test.ts). The rule: the capture leaves the
// device only when the server names this exact capture (its idempotency key) and the visit it
// became; anything the server did not clearly accept or clearly refuse keeps it queued.

/** The parts of a fetch Response the verdict needs; `body` is the parsed JSON, if it was JSON. */
export type TCaptureAnswer = {
  status: number;
  type?: string;
  redirected?: boolean;
  contentType: string | null;
  body?: unknown;
};

/** "suspended": the platform admin suspended the business; the capture waits on the tablet until it is active again. */
export type THoldReason = "offline" | "signed-out" | "wrong-account" | "server" | "unconfirmed" | "suspended";

export type TCaptureVerdict =
  | { kind: "confirmed"; visitId: string }
  | { kind: "keep"; reason: THoldReason; message?: string }
  /** `fixable`: the server refused the capture's input (400), so staff can correct it and send it again. */
  | { kind: "conflict"; message: string; fixable?: true };

const isJson = (contentType: string | null) => /^application\/(problem\+)?json\b/i.test(contentType ?? "");
const field = (body: unknown, name: string) => (body && typeof body === "object" ? (body as Record<string, unknown>)[name] : undefined);

/** `answer` is null when the request never got an answer (offline, connection dropped). */
export function judgeCaptureAnswer(key: string, answer: TCaptureAnswer | null): TCaptureVerdict {
  if (!answer) return { kind: "keep", reason: "offline" };
  const { status, body } = answer;
  // A redirect is the sign-in gate: with redirect "manual" it is opaque (status 0), otherwise followed.
  if (answer.type === "opaqueredirect" || answer.redirected || status === 0 || (status >= 300 && status < 400) || status === 401) {
    return { kind: "keep", reason: "signed-out" };
  }
  if (status >= 200 && status < 300) {
    const visitId = field(body, "visitId");
    if (isJson(answer.contentType) && field(body, "idempotencyKey") === key && typeof visitId === "string" && visitId !== "") {
      return { kind: "confirmed", visitId };
    }
    return { kind: "keep", reason: "unconfirmed" };
  }
  if (status >= 500 || status === 408 || status === 429) return { kind: "keep", reason: "server" };
  // Not a problem from our handler (a proxy's error page, say): nothing was decided about the capture.
  if (!isJson(answer.contentType)) return { kind: "keep", reason: "unconfirmed" };
  const detail = field(body, "detail");
  // 403, or a 404 for the merchant itself: the account signed in here cannot record for this
  // merchant. That is about the sign-in, not this capture. A 404 about the capture names a field
  // in the problem's `errors` (lib/api.ts problemResponse).
  const errors = field(body, "errors");
  // Suspended: not this capture's fault nor the sign-in's; it waits, and the tablet says why.
  if (status === 403 && field(body, "code") === "MERCHANT_SUSPENDED") {
    return { kind: "keep", reason: "suspended", ...(typeof detail === "string" && detail ? { message: detail } : {}) };
  }
  if (status === 403 || (status === 404 && !(Array.isArray(errors) && errors.length > 0))) return { kind: "keep", reason: "wrong-account" };
  const message = typeof detail === "string" && detail ? detail : "The server refused this capture.";
  if (status === 400) {
    // Bad input (a walk-in's contact that is not a phone): say which field and why, and let staff fix it.
    const problems = Array.isArray(errors) ? errors.map((e) => field(e, "message")).filter((m): m is string => typeof m === "string" && m !== "") : [];
    return { kind: "conflict", message: problems.length ? problems.join(" ") : message, fixable: true };
  }
  return { kind: "conflict", message };
}
