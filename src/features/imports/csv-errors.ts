import { AppError } from "@/lib/errors";

// csv-parse's errors (CsvError) as a sentence a merchant can act on: which line of the file, and
// what is wrong with it. Anything else is left alone (an unexpected error stays a 500 with a reference).

type TCsvError = Error & { code?: string; lines?: number; records?: number; empty_lines?: number; comment_lines?: number; column?: number | string };

const isCsvError = (err: unknown): err is TCsvError =>
  err instanceof Error && (err.name === "CsvError" || /^(CSV_|INVALID_OPENING_QUOTE)/.test(String((err as TCsvError).code ?? "")));

/** The AppError for a malformed CSV (400, naming the line), or null when `err` is not one. */
export function csvProblem(err: unknown): AppError | null {
  if (!isCsvError(err)) return null;
  const line = err.lines ?? 0;
  const column = typeof err.column === "number" ? ` (column ${err.column + 1})` : "";
  const fix = 'Fix that line in your spreadsheet and export the CSV again, or put the whole value in double quotes and write a quote inside it as two ("").';
  switch (err.code) {
    case "INVALID_OPENING_QUOTE":
    case "CSV_INVALID_OPENING_QUOTE":
      return new AppError(
        "BAD_REQUEST",
        `Line ${line} of the file is not valid CSV: a value${column} has a quote (") in it without being in quotes itself. ${fix}`,
        { details: { line } },
      );
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return new AppError("BAD_REQUEST", `Line ${line} of the file is not valid CSV: a quoted value${column} has more text after its closing quote. ${fix}`, {
        details: { line },
      });
    case "CSV_QUOTE_NOT_CLOSED": {
      // The line where the unfinished value began: the lines read before it (exact unless an earlier value spans lines).
      const start = (err.records ?? 0) + (err.empty_lines ?? 0) + (err.comment_lines ?? 0) + 1;
      return new AppError(
        "BAD_REQUEST",
        `Line ${start} of the file is not valid CSV: a quote (") opens a value that is never closed, so the rest of the file would be read as one value. ${fix}`,
        { details: { line: start } },
      );
    }
    default:
      return new AppError(
        "BAD_REQUEST",
        `Line ${line} of the file is not valid CSV (${err.message.replace(/:.*$/, "").toLowerCase()}). Export the file from your spreadsheet as CSV and try again.`,
        { details: { line } },
      );
  }
}

/** Runs `work`, turning a malformed-CSV error into the 400 above. */
export async function explainingCsvErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw csvProblem(err) ?? err;
  }
}
