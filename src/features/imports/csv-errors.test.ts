import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvProblem } from "./csv-errors";

const OPTIONS = { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true } as const;
const problemOf = (text: string) => {
  try {
    parse(text, OPTIONS);
  } catch (err) {
    return csvProblem(err);
  }
  return "parsed";
};

describe("csvProblem", () => {
  it.each([
    ['email,name\na@example.com,Ana\nb@example.com,Bob "the" Ng\n', 3, "has a quote"],
    ['email,name\na@example.com,"Ana"Lima\n', 2, "more text after its closing quote"],
    ['email,name\na@example.com,Ana\n"b@example.com,Bob\nc@example.com,Cy\n', 3, "never closed"],
  ])("names the line and the reason: %j", (text, line, reason) => {
    const p = problemOf(text);
    expect(p).toMatchObject({ code: "BAD_REQUEST", details: { line } });
    expect((p as Error).message).toContain(`Line ${line} of the file is not valid CSV`);
    expect((p as Error).message).toContain(reason);
  });

  it("leaves other errors alone", () => {
    expect(csvProblem(new Error("disk full"))).toBeNull();
    expect(problemOf("a,b\n1,2\n")).toBe("parsed");
  });
});
