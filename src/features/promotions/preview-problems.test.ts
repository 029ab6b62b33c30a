import { describe, expect, it } from "vitest";
import { previewProblems } from "./preview-problems";

describe("previewProblems", () => {
  it("names the field to fix in the form's own words", () => {
    expect(
      previewProblems({
        error: "Check the highlighted fields.",
        fieldErrors: { expiresInDays: "Use a number from 1 to 365.", "validHours.to": "Pick an hour after From." },
      }),
    ).toEqual(["Expires after (days): Use a number from 1 to 365.", "Until: Pick an hour after From."]);
    expect(previewProblems({ error: "Something went wrong on our side." })).toEqual(["Something went wrong on our side."]);
  });
});
