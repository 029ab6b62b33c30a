import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type TRecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown; replayed: boolean; status: number };

export type TResendFakeOptions = {
  /** Milliseconds before each answer (the provider "accepted" the request on arrival). */
  delayMs?: number;
  /** Answer these statuses to the first requests, in order (e.g. [429, 503]), before accepting. */
  failures?: number[];
  /** Keep only counts, not bodies (benchmarks). */
  light?: boolean;
};

/**
 * A local stand-in for Resend's HTTP API (POST /emails and POST /emails/batch, up to 100), so tests
 * run the real SDK and see the real request shapes. It honours Idempotency-Key like the provider:
 * a repeat with a key it has accepted returns the first answer and sends nothing, and a repeat
 * with the same key but another body is refused (409 invalid_idempotent_request). `accepted`
 * lists every email it would have delivered (first-time requests only), for duplicate checks.
 */
export async function startResendFake(opts: TResendFakeOptions = {}) {
  const requests: TRecordedRequest[] = [];
  const accepted: { to: string; idempotencyKey: string | null }[] = [];
  const byKey = new Map<string, unknown>();
  const bodyByKey = new Map<string, string>();
  const failures = [...(opts.failures ?? [])];
  let next = 0;
  let inFlight = 0;
  let acceptedCount = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      inFlight++;
      const raw = Buffer.concat(chunks).toString("utf8");
      const body = raw ? JSON.parse(raw) : null;
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      const record: TRecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: opts.light ? null : body,
        replayed: false,
        status: 200,
      };
      requests.push(record);
      let status = 200;
      let answer: unknown;
      const failure = failures.shift();
      if (failure) {
        status = failure;
        answer = {
          statusCode: failure,
          name: failure === 429 ? "rate_limit_exceeded" : "internal_server_error",
          message: failure === 429 ? "Too many requests." : "Something broke.",
        };
      } else if (key && byKey.has(key) && bodyByKey.get(key) !== raw) {
        status = 409;
        answer = { statusCode: 409, name: "invalid_idempotent_request", message: "Same idempotency key used with a different request payload." };
      } else if (key && byKey.has(key)) {
        record.replayed = true;
        answer = byKey.get(key);
      } else if (req.url === "/emails/batch") {
        const emails = body as { to: string | string[] }[];
        if (!Array.isArray(emails) || emails.length === 0 || emails.length > 100) {
          status = 422;
          answer = { statusCode: 422, name: "validation_error", message: "A batch holds 1 to 100 emails." };
        } else {
          answer = { data: emails.map(() => ({ id: `fake_${++next}` })) };
          for (const e of emails) {
            acceptedCount++;
            if (!opts.light) accepted.push({ to: String(e.to), idempotencyKey: key });
          }
        }
      } else {
        answer = { id: `fake_${++next}` };
        acceptedCount++;
        if (!opts.light) accepted.push({ to: String((body as { to: string }).to), idempotencyKey: key });
      }
      if (key && status === 200 && !byKey.has(key)) {
        byKey.set(key, answer);
        bodyByKey.set(key, raw);
      }
      record.status = status;
      const respond = () => {
        inFlight--;
        res.writeHead(status, { "content-type": "application/json", ...(status === 429 ? { "retry-after": "1" } : {}) });
        res.end(JSON.stringify(answer));
      };
      if (opts.delayMs) setTimeout(respond, opts.delayMs);
      else respond();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    inFlight: () => inFlight,
    acceptedCount: () => acceptedCount,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
