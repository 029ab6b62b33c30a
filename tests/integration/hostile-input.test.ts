import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The generated bad-input sweep of issue 11: every route handler under src/app (found on disk, so
// a new route is driven without touching this file; next-auth's excepted) and every operation of
// the OpenAPI document, driven with malformed and hostile values: wrong types, huge and negative
// numbers, NaN-ish strings, NUL bytes, 10k-character strings, malformed UUIDs, forged cursors,
// bad percent-encoding in path and query, oversized bodies (with and without an honest
// Content-Length), deep nesting, and fast-check samples from a fixed seed. Every answer must be
// below 500, and every refusal (4xx) must leave every table as it was (a checksum of all rows).
const session = vi.hoisted(() => {
  // One API key drives thousands of requests here; its rate limit is not what this test is about.
  process.env.API_RATE_LIMIT_BURST = "10000000";
  process.env.API_RATE_LIMIT_PER_SECOND = "10000000";
  return { user: null as null | Record<string, unknown> };
});
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

import fc from "fast-check";
import { z } from "zod";
import { ZCounterCapture, ZEditVisit } from "@/features/visits/schemas";
import { openApiDocument } from "@/features/api/openapi";
import { db, makeMerchant } from "./helpers";

const SEED = 20261111;
const SAMPLES_PER_SLOT = 3; // fast-check values per path param, query param and body property

type TJson = null | boolean | number | string | TJson[] | { [k: string]: TJson };
type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type TOp = {
  method: string;
  template: string;
  file: string;
  handler: THandler;
  params: string[];
  query: string[];
  body?: TSchema;
  rawBodyOnly?: boolean;
  openApi: boolean;
};
type TSchema = Record<string, unknown>;

// ── The operations ──────────────────────────────────────────────────────────────────────────────

const APP = path.resolve(import.meta.dirname, "../../src/app");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir = APP): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? routeFiles(p) : d.name === "route.ts" ? [p] : [];
  });
}

/** `/m/[merchant]/(manager)/promotions/[id]/preview/route.ts` → `/m/[merchant]/promotions/[id]/preview`. */
const templateOf = (file: string) =>
  `/${path
    .relative(APP, path.dirname(file))
    .split(path.sep)
    .filter((s) => !/^\(.*\)$/.test(s))
    .join("/")}`;
const openApiPath = (template: string) => template.replace(/\[(\w+)\]/g, "{$1}");

// Query parameters the app's own routes read (the REST API's come from the OpenAPI document).
const INTERNAL_QUERY: Record<string, string[]> = {
  "GET /m/[merchant]/counter/customers": ["q"],
  "GET /m/[merchant]/customers/export": ["f"],
  "POST /m/[merchant]/import/uploads": ["kind", "name"],
};
const inputSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as TSchema;
// Bodies of the app's own JSON routes, from the zod schemas they parse with.
const INTERNAL_BODY: Record<string, TSchema> = {
  "POST /m/[merchant]/counter/captures": inputSchema(ZCounterCapture),
  "PATCH /m/[merchant]/counter/captures/[visitId]": inputSchema(ZEditVisit.omit({ visitId: true })),
  "POST /m/[merchant]/customers/count": { type: "object", properties: { filter: { $ref: "#/components/schemas/Filter" } }, required: ["filter"] },
  "POST /m/[merchant]/import/uploads/[id]": {
    type: "object",
    properties: {
      action: { enum: ["validate", "import"] },
      mapping: { type: "object" },
      dealId: { type: "string", format: "uuid" },
      newDealTitle: { type: "string" },
    },
    required: ["action"],
  },
};
// Bodies that are not JSON: a CSV upload and a signed webhook take raw bytes only.
const RAW_BODY = new Set(["POST /m/[merchant]/import/uploads", "POST /api/webhooks/resend"]);

const doc = openApiDocument("http://localhost");
const components = doc.components.schemas as Record<string, TSchema>;
const resolve = (s: TSchema | undefined): TSchema | undefined => (s && typeof s.$ref === "string" ? components[(s.$ref as string).split("/").pop()!] : s);

async function discoverOps(): Promise<TOp[]> {
  const ops: TOp[] = [];
  for (const file of routeFiles().sort()) {
    const template = templateOf(file);
    if (template.startsWith("/api/auth")) continue; // next-auth's own handler
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      const key = `${method} ${template}`;
      const spec = (
        doc.paths as Record<
          string,
          Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: TSchema }> } }>
        >
      )[openApiPath(template)]?.[method.toLowerCase()];
      ops.push({
        method,
        template,
        file,
        handler: handler as THandler,
        params: [...template.matchAll(/\[(\w+)\]/g)].map((m) => m[1]!),
        query: spec ? (spec.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name) : (INTERNAL_QUERY[key] ?? []),
        body: spec?.requestBody ? resolve(spec.requestBody.content["application/json"]?.schema) : INTERNAL_BODY[key],
        rawBodyOnly: RAW_BODY.has(key),
        openApi: Boolean(spec),
      });
    }
  }
  return ops;
}

// ── The values ──────────────────────────────────────────────────────────────────────────────────

const nest = (depth: number, leaf: TJson, wrap: (x: TJson) => TJson): TJson => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
};
const cursorOf = (c: unknown) => Buffer.from(JSON.stringify(c)).toString("base64url");
const DASHES = "-".repeat(36);

/** Hostile strings: for path params, query params and string properties. */
const HOSTILE_STRINGS: [string, string][] = [
  ["empty", ""],
  ["space", " "],
  ["NUL", "\u0000"],
  ["NUL inside", "ab\u0000cd"],
  ["bell", "\u0007"],
  ["line break", "a\r\nb"],
  ["lone surrogate", "\uD800x"],
  ["10k chars", "x".repeat(10_000)],
  ["dashes-only uuid", DASHES],
  ["uuid with a g", "00000000-0000-4000-8000-00000000000g"],
  ["nil uuid", "00000000-0000-0000-0000-000000000000"],
  ["sql", "' OR 1=1 --"],
  ["bad percent-encoding", "%E0%A4%A"],
  ["percent NUL", "%00"],
  ["constructor", "constructor"],
  ["__proto__", "__proto__"],
  ["path traversal", "../../etc/passwd"],
  ["NaN", "NaN"],
  ["Infinity", "-Infinity"],
  ["1e309", "1e309"],
  ["-1", "-1"],
  ["emoji", "😀"],
  ["forged cursor", cursorOf({ v: "abc", id: DASHES })],
  ["year 1", "0001-01-01T00:00:00Z"],
  ["year 0", "0000-01-01"],
  ["31 February", "2026-02-31"],
];

/** Hostile JSON values for body properties: every string above, and every other type. */
const HOSTILE_VALUES: [string, TJson][] = [
  ...HOSTILE_STRINGS.map(([k, v]) => [`"${k}"`, v] as [string, TJson]),
  ["null", null],
  ["true", true],
  ["0", 0],
  ["-1", -1],
  ["1.5", 1.5],
  ["2^31", 2 ** 31],
  ["-2^31-1", -(2 ** 31) - 1],
  ["2^53", 2 ** 53],
  ["1e308", 1e308],
  ["-1e308", -1e308],
  ["[]", []],
  ["{}", {}],
  ["__proto__ object", JSON.parse('{"__proto__":{"polluted":true}}') as TJson],
  ["100k-item array", Array.from({ length: 100_000 }, () => 0)],
  ["array of NUL strings", ["\u0000", "a\u0000"]],
  ["deep array (1,000)", nest(1000, 0, (x) => [x])],
  ["deep object (1,000)", nest(1000, 0, (x) => ({ a: x }))],
  ["year-1 visit time", "0001-01-01T00:00:00Z"],
];

/** Hostile Smart Filters, for every `filter` property. */
const emptyGroups = (n: number) => ({ or: Array.from({ length: n }, () => ({ and: [] })) });
const HOSTILE_FILTERS: [string, TJson][] = [
  ["daysAgo 1e9", { field: "lastVisitAt", op: "after", value: { daysAgo: 1_000_000_000 } }],
  ["window daysAgo 5e6", { visits: { window: { after: { daysAgo: 5_000_000 } } } }],
  ["count gte 3e9", { visits: { count: { gte: 3_000_000_000 } } }],
  ["visitCount 2^31", { field: "visitCount", op: "eq", value: 2 ** 31 }],
  ["totalSpentCents 1e300", { field: "totalSpentCents", op: "gte", value: 1e300 }],
  ["minSpentCents 2^31", { visits: { where: { minSpentCents: 2 ** 31 } } }],
  ["socialScore -2^40", { field: "socialScore", op: "lte", value: -(2 ** 40) }],
  ["year-0 date", { field: "createdAt", op: "after", value: "0000-01-01" }],
  ["between reversed", { field: "visitCount", op: "between", value: [5, 1] }],
  ["NUL tag", { field: "tags", op: "hasAll", value: ["a\u0000"] }],
  ["NUL zip prefix", { field: "zip", op: "startsWith", value: "\u0000" }],
  ["dashes dealId", { visits: { where: { dealId: DASHES } } }],
  ["inherited field", { field: "constructor", op: "eq", value: 1 }],
  ["and of an object", { and: {} }],
  ["1,001 nodes", emptyGroups(1000)],
  ["201 conditions", { and: Array.from({ length: 201 }, () => ({ field: "emailConsent", op: "eq", value: true })) }],
  ["13 levels", nest(12, { field: "emailConsent", op: "eq", value: true }, (x) => ({ not: x }))],
  ["hour from = to", { visits: { where: { hour: { from: 3, to: 3 } } } }],
];

const arbJson: fc.Arbitrary<TJson> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<TJson>,
);
const arbString = fc.string({ unit: "binary", minLength: 1, maxLength: 60 });
let sampleSeed = SEED;
const samplesOf = <T>(arb: fc.Arbitrary<T>): T[] => fc.sample(arb, { seed: sampleSeed++, numRuns: SAMPLES_PER_SLOT });

/** An example value for a JSON Schema: the base a hostile value is planted into. */
function example(s: TSchema | undefined, depth = 0): TJson {
  s = resolve(s);
  if (!s || depth > 4) return null;
  if ("const" in s) return s.const as TJson;
  if (Array.isArray(s.enum)) return s.enum[0] as TJson;
  for (const k of ["anyOf", "oneOf"] as const) if (Array.isArray(s[k])) return example((s[k] as TSchema[])[0], depth + 1);
  switch (s.type) {
    case "object": {
      const props = (s.properties ?? {}) as Record<string, TSchema>;
      return Object.fromEntries(((s.required ?? []) as string[]).map((k) => [k, example(props[k], depth + 1)]));
    }
    case "array":
      return [];
    case "integer":
    case "number":
      return Math.max(Number(s.minimum ?? 0), 1);
    case "boolean":
      return false;
    case "string":
      if (s.format === "uuid") return "3f1c2a4e-8b7d-4c2e-9f10-1a2b3c4d5e6f";
      if (s.pattern && String(s.pattern).includes("T\\d{2}")) return new Date(Date.now() - 3_600_000).toISOString();
      return "x";
  }
  return null;
}

/** Property paths of a body schema: top-level properties of every branch, and one level into objects and array items. */
function propertyPaths(s: TSchema | undefined, prefix: (string | number)[] = [], depth = 0): { path: (string | number)[]; schema: TSchema }[] {
  s = resolve(s);
  if (!s || depth > 1) return [];
  const branches = [s, ...(((s.anyOf ?? s.oneOf ?? []) as TSchema[]).map(resolve).filter(Boolean) as TSchema[])];
  const out: { path: (string | number)[]; schema: TSchema }[] = [];
  const seen = new Set<string>();
  for (const b of branches) {
    for (const [k, v] of Object.entries((b.properties ?? {}) as Record<string, TSchema>)) {
      const p = [...prefix, k];
      if (seen.has(p.join("."))) continue;
      seen.add(p.join("."));
      out.push({ path: p, schema: v });
      const r = resolve(v);
      if (r?.type === "object" && r.properties) out.push(...propertyPaths(r, p, depth + 1));
      if (r?.type === "array" && r.items) out.push(...propertyPaths(resolve(r.items as TSchema), [...p, 0], depth + 1));
    }
  }
  return out;
}

function setPath(base: TJson, p: (string | number)[], value: TJson): TJson {
  const root = structuredClone(base) ?? {};
  let cur = root as Record<string | number, TJson>;
  for (const [i, k] of p.entries()) {
    if (i === p.length - 1) cur[k] = value;
    else {
      const next = p[i + 1];
      if (cur[k] === null || typeof cur[k] !== "object") cur[k] = typeof next === "number" ? [] : {};
      cur = cur[k] as Record<string | number, TJson>;
    }
  }
  return root;
}

// ── Driving ─────────────────────────────────────────────────────────────────────────────────────

type TCase = {
  label: string;
  params: Record<string, string>;
  url: string;
  body?: string | ReadableStream<Uint8Array>;
  headers?: Record<string, string>;
  mustRefuse?: boolean;
};

/** encodeURIComponent, or the raw text where it cannot encode (a lone surrogate): a client can send either. */
const enc = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
};

// Valid bodies where the schema's required fields alone are not one (a visit needs a customer), so
// that one hostile property at a time meets the rest of the validation, not an early refusal.
const recent = () => new Date(Date.now() - 3_600_000).toISOString();
const VALID_BODIES: Record<string, TJson> = {
  "POST /api/v1/visits": {
    occurredAt: recent(),
    amountCents: 1200,
    customer: { email: "base-visit@example.com", firstName: "Base" },
    tags: ["family"],
    note: "ok",
  },
  "POST /api/v1/customers": { email: "base-customer@example.com", firstName: "Base", tags: ["family"] },
  "POST /m/[merchant]/counter/captures": { occurredAt: recent(), amountCents: 1200, customer: { firstName: "Base" }, tags: ["family"], note: "ok" },
  "PATCH /m/[merchant]/counter/captures/[visitId]": { amountCents: 1500, note: "ok" },
  "POST /api/v1/segments/customers": { filter: { and: [] }, limit: 10 },
};

/** Values no schema here allows in a property: a route that takes one has a hole in its validation. */
const mustRefuse = (label: string) => /^"(NUL|NUL inside|bell|10k chars)"$|^array of NUL strings$/.test(label);

let slug = "";
let apiKey = "";
const RAW_BODIES: [string, string][] = [
  ["empty body", ""],
  ["truncated JSON", '{"a":'],
  ["NUL in JSON text", '{"a":"\u0000"}'],
  ["null", "null"],
  ["array", "[]"],
  ["number", "0"],
  ["string", '"x"'],
  ["1e999999", "1e999999"],
  ["100k-deep array", "[".repeat(100_000) + "]".repeat(100_000)],
  ["not JSON", "constructor"],
  ["duplicate keys", '{"__proto__":1,"__proto__":2}'],
];
// Larger than any endpoint takes (the largest cap is 4 MB).
const OVERSIZED = JSON.stringify({ filter: { or: [] }, pad: "x".repeat(5 * 1024 * 1024) });

function casesFor(op: TOp): TCase[] {
  const cases: TCase[] = [];
  const valid: Record<string, string> = Object.fromEntries(op.params.map((p) => [p, p === "merchant" ? slug : "3f1c2a4e-8b7d-4c2e-9f10-1a2b3c4d5e6f"]));
  const urlOf = (params: Record<string, string>, qs = "", rawParams: Record<string, string> = {}) =>
    op.template.replace(/\[(\w+)\]/g, (_m, name: string) => rawParams[name] ?? enc(params[name]!)) + qs;
  const hasBody = op.method !== "GET" && op.method !== "DELETE";
  const baseBody =
    hasBody && VALID_BODIES[`${op.method} ${op.template}`]
      ? VALID_BODIES[`${op.method} ${op.template}`]
      : hasBody && op.body
        ? example(op.body)
        : hasBody && !op.rawBodyOnly
          ? {}
          : undefined;
  const baseText = baseBody === undefined ? undefined : JSON.stringify(baseBody);

  // Path params: each hostile string (and a few fast-check strings) in each param, the others valid.
  for (const name of op.params) {
    const values: [string, string][] = [...HOSTILE_STRINGS, ...samplesOf(arbString).map((s, i) => [`fc string #${i}`, s] as [string, string])];
    for (const [label, v] of values) {
      const params = { ...valid, [name]: v };
      // A client can send the malformed percent-encoding itself; Next hands the handler what it decoded.
      cases.push({ label: `path ${name}=${label}`, params, url: urlOf(params, "", label === "bad percent-encoding" ? { [name]: v } : {}), body: baseText });
    }
  }
  // Query params, including malformed percent-encoding sent as is.
  for (const name of op.query) {
    for (const [label, v] of [...HOSTILE_STRINGS, ...samplesOf(arbString).map((s, i) => [`fc string #${i}`, s] as [string, string])]) {
      cases.push({ label: `query ${name}=${label}`, params: valid, url: urlOf(valid, `?${name}=${enc(v)}`), body: baseText });
    }
    for (const raw of ["%E0%A4%A", "%", "%ZZ", "%00", "a&a=b&a=c"])
      cases.push({ label: `query ${name}=${raw} (raw)`, params: valid, url: urlOf(valid, `?${name}=${raw}`), body: baseText });
  }
  if (!hasBody) return cases;

  // Bodies: raw texts, the oversized body (honest, lying and absent Content-Length), then each
  // property of the schema replaced by each hostile value.
  for (const [label, text] of RAW_BODIES) cases.push({ label: `body ${label}`, params: valid, url: urlOf(valid), body: text });
  cases.push({
    label: "body 5 MB, honest Content-Length",
    params: valid,
    url: urlOf(valid),
    body: OVERSIZED,
    headers: { "content-length": String(Buffer.byteLength(OVERSIZED)) },
  });
  cases.push({ label: "body 5 MB, Content-Length: 2", params: valid, url: urlOf(valid), body: OVERSIZED, headers: { "content-length": "2" } });
  cases.push({ label: "body 5 MB, streamed without Content-Length", params: valid, url: urlOf(valid), body: streamOf(OVERSIZED) });
  if (baseBody === undefined || baseBody === null) return cases;
  for (const { path: p, schema } of propertyPaths(op.body)) {
    const isFilter = resolve(schema) === components.Filter || p.at(-1) === "filter";
    const values: [string, TJson][] = [
      ...(isFilter ? HOSTILE_FILTERS : []),
      ...HOSTILE_VALUES,
      ...samplesOf(arbJson).map((v, i) => [`fc value #${i}`, v] as [string, TJson]),
    ];
    for (const [label, v] of values) {
      // Free-form text (a search q, a cursor, an import mapping) is not a stored field.
      const stored = !["cursor", "mapping"].includes(String(p.at(-1)));
      cases.push({
        label: `body ${p.join(".")}=${label}`,
        params: valid,
        url: urlOf(valid),
        body: JSON.stringify(setPath(baseBody, p, v)),
        mustRefuse: stored && mustRefuse(label),
      });
    }
  }
  // Idempotency-Key headers on the writes that honour one.
  for (const key of ["x".repeat(10_000), "../../", " "])
    cases.push({ label: `Idempotency-Key of ${key.length} chars`, params: valid, url: urlOf(valid), body: baseText, headers: { "idempotency-key": key } });
  return cases;
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 64 * 1024));
      at += 64 * 1024;
    },
  });
}

// Every table of the tenant data (and the rest of the app's), as row counts and a hash of every
// row. Columns that record a read, not a change, are left out: an API key's lastUsedAt, a
// tablet's lastSeenAt. rate_limits is the throttle's bookkeeping, not data.
let checksumSql = "";
async function checksum(): Promise<string> {
  const rows = await db.$queryRawUnsafe<{ t: string; n: bigint; h: string }[]>(checksumSql);
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join(" ");
}

const summary = { operations: 0, values: 0, requests: 0, refused: 0, accepted: 0 };
const failures: string[] = [];
const accepted: string[] = []; // hostile-looking values a route legitimately took (a name "constructor", null for an optional field)
let ops: TOp[] = [];

beforeAll(async () => {
  const m = await makeMerchant("Hostile");
  slug = m.merchant.slug;
  apiKey = m.apiKey;
  session.user = { id: m.owner.id, email: m.owner.email, name: "Owner", isPlatformAdmin: false, counterMerchantId: null };
  // Some data of the merchant's own to get wrong, and another merchant's to leave alone.
  const other = await makeMerchant("Bystander");
  for (const merchantId of [m.merchant.id, other.merchant.id]) {
    for (let i = 0; i < 3; i++)
      await db.customer.create({ data: { merchantId, firstName: `Guest ${i}`, email: `g${i}-${merchantId.slice(0, 4)}@example.com`, visitCount: i } });
    await db.promotion.create({ data: { merchantId, name: "Off Peak", title: "t", offer: "o", subject: "s", body: "b" } });
    await db.group.create({ data: { merchantId, name: "Regulars", kind: "static" } });
  }
  const tables = await db.$queryRawUnsafe<{ table_name: string }[]>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('rate_limits', '_prisma_migrations') ORDER BY 1",
  );
  checksumSql = tables
    .map(
      ({ table_name: t }) =>
        `SELECT '${t}' AS t, count(*) AS n, coalesce(sum(hashtextextended((to_jsonb(x) - 'lastUsedAt' - 'lastSeenAt')::text, 0)), 0)::text AS h FROM "${t}" x`,
    )
    .join(" UNION ALL ");
  ops = await discoverOps();
}, 120_000);

afterAll(() => {
  // HOSTILE_INPUT_ACCEPTED=<file> writes what was accepted, to review by eye.
  if (process.env.HOSTILE_INPUT_ACCEPTED) writeFileSync(process.env.HOSTILE_INPUT_ACCEPTED, `${accepted.join("\n")}\n`);
  console.log(
    `[hostile-input] seed ${SEED}: ${summary.operations} operations × ${summary.values} values = ${summary.requests} requests; ` +
      `${summary.refused} refused with a 4xx and nothing changed, ${summary.accepted} accepted (2xx/3xx), ${failures.length} failures`,
  );
});

describe("every route handler and every /api/v1 operation, driven with hostile input", () => {
  it("finds every route file, every OpenAPI operation has a handler, and every /api/v1 handler is in the document", async () => {
    expect(ops.length).toBeGreaterThan(20);
    const handled = new Set(ops.map((o) => `${o.method} ${openApiPath(o.template)}`));
    for (const [p, methods] of Object.entries(doc.paths))
      for (const method of Object.keys(methods)) expect(handled, `${method} ${p}`).toContain(`${method.toUpperCase()} ${p}`);
    const undocumented = ops.filter((o) => o.template.startsWith("/api/v1/") && !o.openApi).map((o) => `${o.method} ${o.template}`);
    expect(undocumented, "served under /api/v1 but missing from /api/v1/openapi.json").toEqual([]);
  });

  // One test per operation, so a failure names it; the names come from the files on disk.
  const files = routeFiles()
    .sort()
    .map(templateOf)
    .filter((t) => !t.startsWith("/api/auth"));
  it.each(files)(
    "%s answers below 500 and changes nothing when it refuses",
    async (template) => {
      for (const op of ops.filter((o) => o.template === template)) {
        summary.operations += 1;
        let before = await checksum();
        const cases = casesFor(op);
        summary.values += cases.length;
        for (const c of cases) {
          // A fresh Idempotency-Key on every write (the counter requires one), unless the case sets its own.
          const idem: Record<string, string> = op.method === "GET" ? {} : { "idempotency-key": `hostile-${summary.requests}` };
          const headers: Record<string, string> = { "content-type": "application/json", authorization: `Bearer ${apiKey}`, ...idem, ...c.headers };
          const req = new Request(`http://localhost${c.url}`, { method: op.method, headers, body: c.body, duplex: "half" } as RequestInit);
          let status: number;
          try {
            const res = await op.handler(req, { params: Promise.resolve(c.params) });
            status = res.status;
            await res.body?.cancel().catch(() => {});
          } catch (err) {
            status = 500;
            failures.push(`${op.method} ${op.template} [${c.label}] threw ${String(err).slice(0, 200)}`);
          }
          summary.requests += 1;
          if (status >= 500) {
            failures.push(`${op.method} ${op.template} [${c.label}] answered ${status}`);
            continue;
          }
          const after = await checksum();
          if (status >= 400) {
            summary.refused += 1;
            if (after !== before) failures.push(`${op.method} ${op.template} [${c.label}] answered ${status} but changed rows`);
          } else {
            summary.accepted += 1;
            if (c.mustRefuse) failures.push(`${op.method} ${op.template} [${c.label}] was accepted (${status})`);
            accepted.push(`${status} ${op.method} ${op.template} [${c.label}]`);
          }
          before = after;
        }
      }
      expect(failures.filter((f) => f.includes(` ${template} [`))).toEqual([]);
    },
    600_000,
  );
});
