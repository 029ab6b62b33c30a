import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type TRecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown };

/**
 * A local stand-in for Resend's HTTP API, so tests run the real SDK and see the real request
 * shapes. It honours Idempotency-Key like the provider: a repeat returns the first answer.
 */
export async function startResendFake() {
  const requests: TRecordedRequest[] = [];
  const byKey = new Map<string, unknown>();
  let next = 0;
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = raw ? JSON.parse(raw) : null;
      requests.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      const key = req.headers["idempotency-key"] as string | undefined;
      let answer: unknown;
      if (key && byKey.has(key)) answer = byKey.get(key);
      else if (req.url === "/emails/batch") answer = { data: (body as unknown[]).map(() => ({ id: `fake_${++next}` })) };
      else answer = { id: `fake_${++next}` };
      if (key) byKey.set(key, answer);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}
