import { stringify } from "csv-stringify/sync";

// CSV that is safe to open in a spreadsheet, written by csv-stringify:
// - a CR or LF inside a cell is quoted like a comma or a quote (a bare CR starts a new row in
//   Excel). csv-stringify stops quoting CR and LF once `record_delimiter` is set, unless
//   `quote_record_delimiter` is on;
// - `escape_formulas` puts an apostrophe before a text cell starting with = + - @ tab or CR (and
//   their full-width forms), so a spreadsheet shows it instead of running it (OWASP "CSV injection").
//   Numbers we wrote ourselves, like -3, stay numbers.

/** Rows as CSV text, each ending in "\n". Dates as ISO 8601, booleans as true/false, null as empty. */
export function csvRows(rows: readonly (readonly unknown[])[]): string {
  return stringify(rows as unknown[][], {
    record_delimiter: "\n",
    quote_record_delimiter: true,
    escape_formulas: true,
    cast: {
      date: (d) => d.toISOString(),
      boolean: (b) => (b ? "true" : "false"),
      object: (o) => JSON.stringify(o),
    },
  });
}
