import { segmentLabel } from "@/features/insights/segments";
import { formatMoney } from "@/lib/money";
import { toLocalTime } from "@/lib/time";

// The Best Customer List export has two shapes (docs/api.md "Exporting the list"):
// - "people" (the default): headers a person reads, money in the merchant's currency, times as
//   the merchant's wall clock ("2026-11-30 18:45") with the zone named in the header;
// - "machine" (?format=machine): the stable columns a script reads — ids, camelCase headers,
//   integer cents, ISO 8601 UTC instants, true/false. Columns are only ever added at the end.

export type TExportFormat = "people" | "machine";
export const exportFormat = (raw: string | null): TExportFormat => (raw === "machine" ? "machine" : "people");

export type TExportRow = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  visitCount: number;
  totalSpentCents: bigint | number;
  lastVisitAt: Date | null;
  lastRating: number | null;
  usualRating: number | null;
  rfmSegment: string | null;
  emailConsent: boolean;
};

export type TExportMerchant = { currency: string; timeZone: string };

const MACHINE_HEADER = [
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
];

export function exportHeader(format: TExportFormat, m: TExportMerchant): string[] {
  if (format === "machine") return MACHINE_HEADER;
  return [
    "First name",
    "Last name",
    "Email",
    "Phone",
    "Visits",
    `Total spent (${m.currency})`,
    `Last visit (${m.timeZone})`,
    "Usual rating",
    "Latest rating",
    "Segment",
    "May receive email",
    "Customer ID",
  ];
}

/** "2026-11-30 18:45" on the merchant's wall clock. */
export function localStamp(instant: Date, timeZone: string): string {
  const l = toLocalTime(instant, timeZone);
  return `${l.date} ${String(l.hour).padStart(2, "0")}:${String(l.minute).padStart(2, "0")}`;
}

export function exportRow(format: TExportFormat, c: TExportRow, m: TExportMerchant): unknown[] {
  if (format === "machine")
    return [
      c.id,
      c.firstName,
      c.lastName,
      c.email,
      c.phone,
      c.visitCount,
      c.totalSpentCents,
      c.lastVisitAt,
      c.lastRating,
      c.rfmSegment,
      c.emailConsent,
      c.usualRating,
    ];
  return [
    c.firstName,
    c.lastName,
    c.email,
    c.phone,
    c.visitCount,
    formatMoney(c.totalSpentCents, m.currency),
    c.lastVisitAt ? localStamp(c.lastVisitAt, m.timeZone) : "",
    c.usualRating ?? "",
    c.lastRating ?? "",
    c.rfmSegment ? segmentLabel(c.rfmSegment) : "",
    c.emailConsent ? "Yes" : "No",
    c.id,
  ];
}
