import { describe, expect, it } from "vitest";
import { POST as postCustomer } from "@/app/api/v1/customers/route";
import { POST as postVisit } from "@/app/api/v1/visits/route";
import { copyLine, importCustomers, writeCustomers } from "@/features/imports/customer-import";
import { runCapture } from "@/features/visits/capture";
import { ZCounterCapture } from "@/features/visits/schemas";
import { withTenant } from "@/lib/tenant";
import { callRoute, db, makeMerchant } from "./helpers";

// The customer identity rule (docs/architecture.md, "Customer identity"), one table of cases every
// door must pass: the REST API's customer upsert, a REST visit naming a customer, a counter walk-in
// and the CSV import (set-based and row by row). Same data in, same customers out, whatever the door.
//   1. Match by priority: externalId, then email (case-insensitive), then phone — never "the oldest
//      row matching any key".
//   2. An identity key the customer has is never replaced by another value.
//   3. A blank identity key is filled, unless another customer already holds that value (two
//      customers are never merged or made to collide silently).
//   4. Names, ZIP and dates: what the input says wins.

type TId = { externalId?: string; email?: string; phone?: string; firstName?: string };
type TCase = {
  name: string;
  existing: Record<string, TId>;
  input: TId;
  match: string;
  after: { externalId: string | null; email: string | null; phone: string | null; firstName?: string | null };
  customers: number;
};

const P1 = "+16175550101";
const P2 = "+16175550102";
const CASES: TCase[] = [
  {
    name: "no key matches: a new customer",
    existing: { A: { email: "a@example.com" } },
    input: { email: "new@example.com", phone: P1 },
    match: "new",
    after: { externalId: null, email: "new@example.com", phone: P1 },
    customers: 2,
  },
  {
    name: "email matches case-insensitively and fills the blank phone",
    existing: { A: { email: "ana@example.com" } },
    input: { email: "ANA@Example.com", phone: P1 },
    match: "A",
    after: { externalId: null, email: "ana@example.com", phone: P1 },
    customers: 1,
  },
  {
    name: "externalId wins over an older customer with the same phone",
    existing: { A: { phone: P1 }, B: { externalId: "pos-7" } },
    input: { externalId: "pos-7", phone: P1 },
    match: "B",
    after: { externalId: "pos-7", email: null, phone: null },
    customers: 2,
  },
  {
    name: "email wins over an older customer with the same phone, whose phone stays theirs",
    existing: { A: { phone: P1 }, B: { email: "bo@example.com" } },
    input: { email: "bo@example.com", phone: P1 },
    match: "B",
    after: { externalId: null, email: "bo@example.com", phone: null },
    customers: 2,
  },
  {
    name: "an existing email and phone are not replaced",
    existing: { A: { externalId: "pos-1", email: "old@example.com", phone: P1 } },
    input: { externalId: "pos-1", email: "other@example.com", phone: P2 },
    match: "A",
    after: { externalId: "pos-1", email: "old@example.com", phone: P1 },
    customers: 1,
  },
  {
    name: "a new externalId does not replace the one the customer has",
    existing: { A: { externalId: "pos-1", email: "cy@example.com" } },
    input: { externalId: "pos-2", email: "cy@example.com" },
    match: "A",
    after: { externalId: "pos-1", email: "cy@example.com", phone: null },
    customers: 1,
  },
  {
    name: "blank keys are filled",
    existing: { A: { email: "dee@example.com" } },
    input: { externalId: "pos-9", email: "dee@example.com", phone: P2 },
    match: "A",
    after: { externalId: "pos-9", email: "dee@example.com", phone: P2 },
    customers: 1,
  },
  {
    name: "the name given wins",
    existing: { A: { phone: P1, firstName: "Old" } },
    input: { phone: P1, firstName: "New" },
    match: "A",
    after: { externalId: null, email: null, phone: P1, firstName: "New" },
    customers: 1,
  },
];

type TDoor = { name: string; takesExternalId: boolean; send: (m: Awaited<ReturnType<typeof makeMerchant>>, input: TId) => Promise<void> };
const DOORS: TDoor[] = [
  {
    name: "POST /api/v1/customers",
    takesExternalId: true,
    send: async (m, input) => {
      const res = await callRoute(postCustomer, "/api/v1/customers", { key: m.apiKey, body: input });
      expect([200, 201]).toContain(res.status);
    },
  },
  {
    name: "POST /api/v1/visits with a customer",
    takesExternalId: true,
    send: async (m, input) => {
      const res = await callRoute(postVisit, "/api/v1/visits", {
        key: m.apiKey,
        body: { customer: input, occurredAt: new Date(Date.now() - 60_000).toISOString(), amountCents: 1000 },
      });
      expect(res.status).toBe(201);
    },
  },
  {
    name: "counter walk-in",
    takesExternalId: false,
    send: async (m, input) => {
      const parsed = ZCounterCapture.parse({ customer: input, occurredAt: new Date(Date.now() - 60_000).toISOString(), amountCents: 1000 });
      await withTenant(m.merchant.id, () => runCapture("pool", m.merchant, { userId: m.staff.id, source: "counter" }, parsed));
    },
  },
  {
    name: "CSV import (staged, set-based)",
    takesExternalId: true,
    send: async (m, input) => {
      async function* lines() {
        yield copyLine(2, input);
      }
      await withTenant(m.merchant.id, () =>
        importCustomers({
          merchantId: m.merchant.id,
          importId: crypto.randomUUID(),
          source: lines(),
          mapping: { externalId: "id", email: "email", phone: "phone", firstName: "first" },
          progress: async () => {},
        }),
      );
    },
  },
  {
    name: "CSV import (row by row)",
    takesExternalId: true,
    send: async (m, input) => void (await withTenant(m.merchant.id, () => writeCustomers(m.merchant.id, [input]))),
  },
];

describe.each(DOORS)("customer identity through $name", (door) => {
  it.each(CASES.filter((c) => door.takesExternalId || (!c.input.externalId && Object.values(c.existing).every((e) => !e.externalId))))("$name", async (c) => {
    const m = await makeMerchant("Identity");
    const merchantId = m.merchant.id;
    const ids: Record<string, string> = {};
    for (const [label, e] of Object.entries(c.existing)) {
      // Created in order, a second apart: A is the oldest.
      const createdAt = new Date(Date.now() - 3_600_000 + Object.keys(ids).length * 1000);
      ids[label] = (await db.customer.create({ data: { merchantId, ...e, emailNormalized: e.email?.toLowerCase(), createdAt } })).id;
    }
    await door.send(m, c.input);
    const all = await db.customer.findMany({ where: { merchantId }, select: { id: true, externalId: true, email: true, phone: true, firstName: true } });
    expect(all).toHaveLength(c.customers);
    const known = new Set(Object.values(ids));
    const target = c.match === "new" ? all.find((x) => !known.has(x.id)) : all.find((x) => x.id === ids[c.match]);
    expect(target).toBeDefined();
    expect(target).toMatchObject(c.after);
    // Nobody else was changed.
    for (const [label, e] of Object.entries(c.existing)) {
      if (label === c.match) continue;
      expect(all.find((x) => x.id === ids[label])).toMatchObject({ externalId: e.externalId ?? null, email: e.email ?? null, phone: e.phone ?? null });
    }
  });
});
