import { describe, expect, it } from "vitest";
import { judgeCaptureAnswer, type TCaptureAnswer, type TCaptureVerdict } from "./capture-outcome";

const KEY = "0b8e6a0e-4d4b-4bd6-9a53-1f4f3c2d9e11";
const json = "application/json";
const problemJson = "application/problem+json";
const problem = (status: number, detail: string, extra: Record<string, unknown> = {}) => ({
  type: "about:blank",
  status,
  title: "x",
  detail,
  code: "x",
  ...extra,
});

// Every kind of answer the counter's sync can get, and what it must do with the queued capture.
const cases: [string, TCaptureAnswer | null, TCaptureVerdict][] = [
  [
    "201 JSON naming this capture and its visit",
    { status: 201, contentType: json, body: { id: "v1", visitId: "v1", idempotencyKey: KEY } },
    { kind: "confirmed", visitId: "v1" },
  ],
  [
    "200 JSON replay naming this capture",
    { status: 200, contentType: "application/json; charset=utf-8", body: { visitId: "v1", idempotencyKey: KEY } },
    { kind: "confirmed", visitId: "v1" },
  ],
  [
    "200 JSON for a different key",
    { status: 200, contentType: json, body: { visitId: "v9", idempotencyKey: "another-key" } },
    { kind: "keep", reason: "unconfirmed" },
  ],
  ["200 JSON with the key but no visit id", { status: 200, contentType: json, body: { idempotencyKey: KEY } }, { kind: "keep", reason: "unconfirmed" }],
  ["201 JSON without a key (the old answer)", { status: 201, contentType: json, body: { id: "v1" } }, { kind: "keep", reason: "unconfirmed" }],
  ["200 JSON that is not an object", { status: 200, contentType: json, body: null }, { kind: "keep", reason: "unconfirmed" }],
  [
    "200 HTML page (the sign-in page after a followed redirect)",
    { status: 200, contentType: "text/html; charset=utf-8", body: undefined },
    { kind: "keep", reason: "unconfirmed" },
  ],
  [
    "200 HTML that says it was redirected",
    { status: 200, redirected: true, contentType: "text/html", body: undefined },
    { kind: "keep", reason: "signed-out" },
  ],
  [
    "200 JSON reached through a redirect, even naming the key",
    { status: 200, redirected: true, contentType: json, body: { visitId: "v1", idempotencyKey: KEY } },
    { kind: "keep", reason: "signed-out" },
  ],
  ["opaque redirect (redirect: manual)", { status: 0, type: "opaqueredirect", contentType: null }, { kind: "keep", reason: "signed-out" }],
  ["307 to sign-in", { status: 307, contentType: null }, { kind: "keep", reason: "signed-out" }],
  ["401 problem", { status: 401, contentType: problemJson, body: problem(401, "Your session has ended.") }, { kind: "keep", reason: "signed-out" }],
  ["401 without a body", { status: 401, contentType: "text/plain" }, { kind: "keep", reason: "signed-out" }],
  [
    "403 problem: the business is suspended",
    {
      status: 403,
      contentType: problemJson,
      body: { ...problem(403, "This business is suspended: unpaid invoices. Contact support."), code: "MERCHANT_SUSPENDED" },
    },
    { kind: "keep", reason: "suspended", message: "This business is suspended: unpaid invoices. Contact support." },
  ],
  ["403 problem", { status: 403, contentType: problemJson, body: problem(403, "Counter sessions cannot do that.") }, { kind: "keep", reason: "wrong-account" }],
  [
    "404 problem for the merchant",
    { status: 404, contentType: problemJson, body: problem(404, "That merchant was not found.") },
    { kind: "keep", reason: "wrong-account" },
  ],
  [
    "404 problem for the capture's customer",
    {
      status: 404,
      contentType: problemJson,
      body: problem(404, "That customer was not found.", { code: "NOT_FOUND", errors: [{ path: "/customerId", message: "Unknown customer." }] }),
    },
    { kind: "conflict", message: "That customer was not found." },
  ],
  [
    "409 problem (voucher redeemed elsewhere)",
    { status: 409, contentType: problemJson, body: problem(409, "CL-1 was already redeemed.") },
    { kind: "conflict", message: "CL-1 was already redeemed." },
  ],
  [
    "422 problem (expired voucher)",
    { status: 422, contentType: problemJson, body: problem(422, "CL-1 expired.") },
    { kind: "conflict", message: "CL-1 expired." },
  ],
  [
    "400 problem without a detail",
    { status: 400, contentType: problemJson, body: { status: 400 } },
    { kind: "conflict", message: "The server refused this capture.", fixable: true },
  ],
  [
    "400 problem naming the faulty fields (a walk-in's contact)",
    {
      status: 400,
      contentType: problemJson,
      body: problem(400, "The request body is not valid.", {
        errors: [{ path: "/customer/phone", message: "Phone: Use an international number like +14155550123." }],
      }),
    },
    { kind: "conflict", message: "Phone: Use an international number like +14155550123.", fixable: true },
  ],
  ["413 problem (too large)", { status: 413, contentType: problemJson, body: problem(413, "Too large.") }, { kind: "conflict", message: "Too large." }],
  ["409 HTML from something in between", { status: 409, contentType: "text/html" }, { kind: "keep", reason: "unconfirmed" }],
  ["429 problem (slow down)", { status: 429, contentType: problemJson, body: problem(429, "Slow down.") }, { kind: "keep", reason: "server" }],
  ["408 timeout", { status: 408, contentType: "text/plain" }, { kind: "keep", reason: "server" }],
  ["500 problem", { status: 500, contentType: problemJson, body: problem(500, "Something went wrong.") }, { kind: "keep", reason: "server" }],
  ["502 HTML from a proxy", { status: 502, contentType: "text/html" }, { kind: "keep", reason: "server" }],
  [
    "503 with JSON that even names the key",
    { status: 503, contentType: json, body: { visitId: "v1", idempotencyKey: KEY } },
    { kind: "keep", reason: "server" },
  ],
  ["no answer at all (offline)", null, { kind: "keep", reason: "offline" }],
];

describe("judgeCaptureAnswer", () => {
  it.each(cases)("%s", (_name, answer, verdict) => {
    expect(judgeCaptureAnswer(KEY, answer)).toEqual(verdict);
  });
});
