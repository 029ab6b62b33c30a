import { parse } from "csv-parse/sync";
import { describe, expect, it, vi } from "vitest";

// The route runs outside Next here: the session user is whoever the test says. The database is real.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", () => ({ getCurrentUser: async () => session.user }));

import { GET as exportCustomers } from "@/app/m/[merchant]/customers/export/route";
import { db, makeMerchant } from "./helpers";

describe("GET /m/{merchant}/customers/export", () => {
  it("gives every hostile value its own cell, shown as text and never run as a formula", async () => {
    const m = await makeMerchant("Export");
    session.user = { id: m.owner.id, email: "owner@example.com", name: "Owner", isPlatformAdmin: false, counterMerchantId: null };
    const names: [string, string][] = [
      ['Ana\r=HYPERLINK("http://evil.example","click")', 'Ana\r=HYPERLINK("http://evil.example","click")'],
      ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
      ["+1+1", "'+1+1"],
      ["-1+1", "'-1+1"],
      ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
      ["\t=1+1", "'\t=1+1"],
      ["\r=1+1", "'\r=1+1"],
      ['Bo, "the" regular\n=1', 'Bo, "the" regular\n=1'],
    ];
    for (const [i, [firstName]] of names.entries()) {
      await db.customer.create({
        data: { merchantId: m.merchant.id, firstName, lastName: `L${i}`, email: `c${i}@example.com`, emailNormalized: `c${i}@example.com` },
      });
    }

    const res = await exportCustomers(new Request(`http://localhost/m/${m.merchant.slug}/customers/export?format=machine`), {
      params: Promise.resolve({ merchant: m.merchant.slug }),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    // Read as a spreadsheet does: CR, LF and CRLF outside quotes each end a row.
    const [header, ...rows] = parse(text, { record_delimiter: ["\r\n", "\n", "\r"] }) as string[][];
    expect(header).toEqual([
      "id",
      "firstName",
      "lastName",
      "email",
      "phone",
      "visits",
      "totalSpentCents",
      "lastVisitAt",
      "rating",
      "rfmSegment",
      "emailConsent",
      "usualRating",
    ]);
    expect(rows).toHaveLength(names.length);
    const byLastName = new Map(rows.map((r) => [r[2], r]));
    for (const [i, [, shown]] of names.entries()) {
      const row = byLastName.get(`L${i}`)!;
      expect(row, `row L${i}`).toHaveLength(12);
      expect(row[1]).toBe(shown);
      expect(row[3]).toBe(`c${i}@example.com`);
      expect(row[10]).toBe("false");
    }
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("speaks to people by default, exports a hand-picked group's members, and 404s another merchant's group", async () => {
    const m = await makeMerchant("Export people", "Europe/Paris");
    const other = await makeMerchant("Export other");
    await db.merchant.update({ where: { id: m.merchant.id }, data: { currency: "EUR" } });
    session.user = { id: m.owner.id, email: "owner@example.com", name: "Owner", isPlatformAdmin: false, counterMerchantId: null };
    const a = await db.customer.create({
      data: {
        merchantId: m.merchant.id,
        firstName: "Ana",
        totalSpentCents: 123450n,
        visitCount: 3,
        lastVisitAt: new Date("2026-07-01T16:05:00Z"),
        usualRating: 3,
        lastRating: 1,
      },
    });
    await db.customer.create({ data: { merchantId: m.merchant.id, firstName: "Bea" } });
    const group = await db.group.create({ data: { merchantId: m.merchant.id, name: "Picked", kind: "static" } });
    await db.groupMember.create({ data: { merchantId: m.merchant.id, groupId: group.id, customerId: a.id } });
    const otherGroup = await db.group.create({ data: { merchantId: other.merchant.id, name: "Theirs", kind: "static" } });

    const get = (qs: string) =>
      exportCustomers(new Request(`http://localhost/m/${m.merchant.slug}/customers/export${qs}`), { params: Promise.resolve({ merchant: m.merchant.slug }) });
    const everyone = parse(await (await get("")).text()) as string[][];
    expect(everyone[0]!.slice(0, 9)).toEqual([
      "First name",
      "Last name",
      "Email",
      "Phone",
      "Visits",
      "Total spent (EUR)",
      "Last visit (Europe/Paris)",
      "Usual rating",
      "Latest rating",
    ]);
    expect(everyone).toHaveLength(3);
    const res = await get(`?group=${group.id}`);
    const [, ...rows] = parse(await res.text()) as string[][];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(0, 9)).toEqual(["Ana", "", "", "", "3", "€1,234.50", "2026-07-01 18:05", "3", "1"]);
    expect((await get(`?group=${otherGroup.id}`)).status).toBe(404);
  });
});
