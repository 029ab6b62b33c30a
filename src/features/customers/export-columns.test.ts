import { describe, expect, it } from "vitest";
import { csvRows } from "@/lib/csv";
import { exportFormat, exportHeader, exportRow, type TExportRow } from "./export-columns";

const row: TExportRow = {
  id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  firstName: "Ana",
  lastName: "Lima",
  email: "ana@example.com",
  phone: null,
  visitCount: 12,
  totalSpentCents: 123450n,
  lastVisitAt: new Date("2026-03-08T09:30:00Z"), // 01:30 in Los Angeles, the night clocks go forward
  lastRating: 1,
  usualRating: 3,
  rfmSegment: "cant_lose",
  emailConsent: true,
};

describe("the list export", () => {
  it("speaks to people by default: their headers, the merchant's currency and wall clock", () => {
    const m = { currency: "EUR", timeZone: "America/Los_Angeles" };
    expect(exportFormat(null)).toBe("people");
    const text = csvRows([exportHeader("people", m), exportRow("people", row, m)]);
    expect(text).toBe(
      "First name,Last name,Email,Phone,Visits,Total spent (EUR),Last visit (America/Los_Angeles),Usual rating,Latest rating,Segment,May receive email,Customer ID\n" +
        'Ana,Lima,ana@example.com,,12,"€1,234.50",2026-03-08 01:30,3,1,Can\'t lose them,Yes,7c9e6679-7425-40de-944b-e07fc1f90ae7\n',
    );
  });

  it("keeps the machine shape: camelCase, cents, UTC instants, columns only added at the end", () => {
    const m = { currency: "USD", timeZone: "America/New_York" };
    expect(exportFormat("machine")).toBe("machine");
    expect(csvRows([exportHeader("machine", m), exportRow("machine", row, m)])).toBe(
      "id,firstName,lastName,email,phone,visits,totalSpentCents,lastVisitAt,rating,rfmSegment,emailConsent,usualRating\n" +
        "7c9e6679-7425-40de-944b-e07fc1f90ae7,Ana,Lima,ana@example.com,,12,123450,2026-03-08T09:30:00.000Z,1,cant_lose,true,3\n",
    );
  });
});
