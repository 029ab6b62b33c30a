import { parse } from "csv-parse/sync";
import { describe, expect, it, vi } from "vitest";

// The route runs outside Next here: the session user is whoever the test says. The database is real.
const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; isPlatformAdmin: boolean; counterMerchantId: string | null } }));
vi.mock("@/lib/auth", () => ({ getCurrentUser: async () => session.user }));

import { GET as exportCustomers } from "@/app/m/[merchant]/customers/export/route";
import { db, makeMerchant } from "./helpers";

describe("GET /m/{merchant}/customers/export", () => {
  it("gives every hostile value its own cell, shown as text and never run as a formula", async () => {
    const m = await makeMerchant("Export");
    session.user = { id: m.owner.id, email: "owner@example.com", name: "Owner", isPlatformAdmin: false, counterMerchantId: null };
    const names: [string, string][] = [
      ["Ana\r=HYPERLINK(\"http://evil.example\",\"click\")", "Ana\r=HYPERLINK(\"http://evil.example\",\"click\")"],
      ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
      ["+1+1", "'+1+1"],
      ["-1+1", "'-1+1"],
      ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
      ["\t=1+1", "'\t=1+1"],
      ["\r=1+1", "'\r=1+1"],
      ["Bo, \"the\" regular\n=1", "Bo, \"the\" regular\n=1"],
    ];
    for (const [i, [firstName]] of names.entries()) {
      await db.customer.create({ data: { merchantId: m.merchant.id, firstName, lastName: `L${i}`, email: `c${i}@example.com`, emailNormalized: `c${i}@example.com` } });
    }

    const res = await exportCustomers(new Request(`http://localhost/m/${m.merchant.slug}/customers/export`), { params: Promise.resolve({ merchant: m.merchant.slug }) });
    expect(res.status).toBe(200);
    const text = await res.text();
    // Read as a spreadsheet does: CR, LF and CRLF outside quotes each end a row.
    const [header, ...rows] = parse(text, { record_delimiter: ["\r\n", "\n", "\r"] }) as string[][];
    expect(header).toEqual(["id", "firstName", "lastName", "email", "phone", "visits", "totalSpentCents", "lastVisitAt", "rating", "rfmSegment", "emailConsent"]);
    expect(rows).toHaveLength(names.length);
    const byLastName = new Map(rows.map((r) => [r[2], r]));
    for (const [i, [, shown]] of names.entries()) {
      const row = byLastName.get(`L${i}`)!;
      expect(row, `row L${i}`).toHaveLength(11);
      expect(row[1]).toBe(shown);
      expect(row[3]).toBe(`c${i}@example.com`);
      expect(row[10]).toBe("false");
    }
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
});
