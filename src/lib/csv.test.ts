import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvRows } from "./csv";

// Each hostile value and the cell a spreadsheet must show for it.
const hostile: [string, string][] = [
  ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
  ["-2+3", "'-2+3"],
  ["@SUM(1,1)", "'@SUM(1,1)"],
  ["\t=1+1", "'\t=1+1"],
  ["\r=1+1", "'\r=1+1"],
  ["＝1+1", "'＝1+1"],
  ['Ana\r=HYPERLINK("http://evil.example","click")', 'Ana\r=HYPERLINK("http://evil.example","click")'],
  ["Ana\n=1+1", "Ana\n=1+1"],
  ["Ana\r\n@SUM(A1)", "Ana\r\n@SUM(A1)"],
  ['He said "hi", then left', 'He said "hi", then left'],
  ["comma, inside", "comma, inside"],
  ["a=1", "a=1"],
];

describe("csvRows", () => {
  it("keeps every hostile value in its own cell and none of them a formula", () => {
    const text = csvRows([["id", "name"], ...hostile.map(([v], i) => [i, v])]);
    // Read as a spreadsheet does: CR, LF and CRLF outside quotes each end a row.
    const rows = parse(text, { record_delimiter: ["\r\n", "\n", "\r"] }) as string[][];
    expect(rows).toEqual([["id", "name"], ...hostile.map(([, shown], i) => [String(i), shown])]);
  });

  it("writes dates, booleans, numbers and empty values plainly", () => {
    expect(csvRows([[new Date("2026-01-02T03:04:05.000Z"), true, false, -3, null, undefined, "plain"]])).toBe(
      "2026-01-02T03:04:05.000Z,true,false,-3,,,plain\n",
    );
  });
});
