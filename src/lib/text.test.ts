import { describe, expect, it } from "vitest";
import { zText } from "./text";

describe("zText", () => {
  it("refuses control characters with the field's name, in plain words", () => {
    const name = zText("Name").max(80);
    for (const bad of ["Ann\u0000", "A\u0007nn", "Ann\nLee", "\u007F"]) {
      expect(name.safeParse(bad).error?.issues[0]?.message).toBe("Name can't contain control characters.");
    }
    expect(name.parse("  Ann Lee  ")).toBe("Ann Lee");
  });

  it("lets multi-line text keep tabs and line breaks, never a NUL", () => {
    const note = zText("The note", { multiline: true });
    expect(note.parse("Table 4\r\n\tby the window")).toBe("Table 4\r\n\tby the window");
    expect(note.safeParse("ok\u0000").success).toBe(false);
  });
});
